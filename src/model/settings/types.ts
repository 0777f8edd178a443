/** Evaluated Django settings. Owned by the settings area; see ARCHITECTURE.md "Settings evaluation". */
export interface SettingsModel {
  /** Settings views judged as production (one per production module and target environment). */
  productionSettings: unknown[];
}
