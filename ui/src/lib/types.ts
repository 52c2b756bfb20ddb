// The shapes famsync-core sends over IPC (serde's JSON of the core's types).

export type Region = "us" | "eu";

export interface CodedError {
  code: string;
  [field: string]: unknown;
}

export interface RegionProblem extends CodedError {
  key: string;
}

export interface CloudState {
  enabled: boolean;
  region: Region;
  consistent: boolean;
  problems: RegionProblem[];
  push_relay: "default" | "disabled" | "enabled";
}

export interface Organization {
  id: string;
  name: string | null;
  file: string;
  plan_type: number | null;
  plan: string;
  version: number | null;
  expires: string | null;
  warnings: CodedError[];
}

export type LicenseEntry = Organization | { file: string; error: CodedError };

export interface StatusReport {
  installation: {
    bwdata: string;
    env_file: string;
    script: string | null;
    url: string | null;
    installation_id: string | null;
    sample: boolean;
  };
  cloud_communication: CloudState;
  organizations: LicenseEntry[];
  env_file: { revision: string; duplicates: { key: string; lines: number[] }[] };
  problems: CodedError[];
}

export type Action = { action: "enable"; region: Region; push_relay: boolean } | { action: "disable" };

export interface Change {
  key: string;
  kind: "added" | "changed" | "removed" | "deduplicated";
  before: string | null;
  after: string | null;
  hidden: boolean;
  note: "turns_push_relay_on" | null;
}

export interface Plan {
  revision: string;
  changes: Change[];
  notes: (CodedError & { key: string; would_be: string })[];
}

export interface Applied {
  changes: Change[];
  backup: string | null;
  revision: string;
}
