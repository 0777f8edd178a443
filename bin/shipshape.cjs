#!/usr/bin/env node
"use strict";
require("../dist/shipshape.cjs");
