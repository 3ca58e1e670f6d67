import type { Report } from '../model/finding.js';

/** What a reporter may know besides the report: presentation choices made by the CLI. */
export interface ReporterOptions {
  /** ANSI colour in text output (the CLI decides from TTY, NO_COLOR and FORCE_COLOR). */
  color: boolean;
  /** The goldenpath version, named by SARIF and JSON. */
  toolVersion: string;
  /** Base URL that relative docs paths (`docs/checks/deps.md`) resolve against; without it SARIF omits their helpUri. */
  docsBaseUrl?: string;
}

/** A reporter is one function from a report to the text to print; it never computes findings. */
export type Reporter = (report: Report, options: ReporterOptions) => string;
