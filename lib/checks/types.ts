import type { Domain, DeviceHolder, Observation, PollStatus, Severity } from '../probe/types';

export type TargetKind = 'host' | 'guest' | 'local';

/** Thresholds and disk policy from the inventory (with defaults), as rules see them. */
export interface RuleConfig {
  entropyWarn: number; // default 200
  entropyCrit: number; // default 100
  unreachableCycles: number; // default 3
  diskPolicy: {
    file: { cache: string[]; io: string[] }; // default cache [writeback, none], io [threads, io_uring]
    block: { cache: string[]; io: string[] }; // default cache [none, directsync], io [native, io_uring]
  };
}

/** One target with what the collector knows about it, as rules see it. */
export interface TargetState {
  name: string;
  kind: TargetKind;
  /** host's name for guests; null for hosts/local */
  hostName: string | null;
  /** libvirt domain name (guests) */
  domainName: string | null;
  /** latest successfully parsed observation (null if never reached) */
  observation: Observation | null;
  observedAt: Date | null;
  /** entropy_avail samples of the last 5 minutes, oldest first */
  recentEntropy: { at: Date; entropyAvail: number }[];
  /** statuses of the most recent cycles, newest first */
  recentStatuses: { at: Date; status: PollStatus; error: string | null }[];
}

/** Everything a rule may look at: one target, its host, and the whole fleet (for clone checks). */
export interface RuleContext {
  now: Date;
  config: RuleConfig;
  target: TargetState;
  /** the guest's host (null for hosts) */
  host: TargetState | null;
  /** the guest's libvirt domain as its host reported it (null if unknown) */
  domain: Domain | null;
  /** every target in the fleet, including this one */
  fleet: TargetState[];
  /** hosts only: domains on this host that no inventory guest claims (judged on the host's behalf) */
  unclaimedDomains: Domain[];
}

/**
 * Inputs a rule cannot judge without. When one is missing or stale (target or host unreachable this
 * cycle), the findings lifecycle skips the rule and keeps its open findings as they are, so missing
 * data never resolves (or opens) a finding.
 */
export type RuleInput = 'observation' | 'hostObservation' | 'domain' | 'statuses' | 'fleet' | 'holders';

/** What a rule reports when it fails: one per subject (e.g. per disk "vda"). */
export interface RuleHit {
  /** "" when the rule is about the whole target; disk target, key fingerprint, ... otherwise */
  subject: string;
  severity: Severity;
  /** one line shown in lists */
  summary: string;
  /** the facts behind it, e.g. "entropy_avail=12 poolsize=256 uptime=340s kernel 6.1.0" */
  detail: string;
  /** facts the remediation needs (domain name, disk target, holder names...) */
  facts: Record<string, string | number | boolean | null | string[]>;
}

export interface Rule {
  /** stable id, e.g. "crng-not-ready" */
  id: string;
  title: string;
  /** why the rule exists, with its source (kernel commit/version, QEMU constraint, libvirt doc) */
  reason: string;
  source: string;
  /** which targets it looks at */
  appliesTo: TargetKind[];
  requires: RuleInput[];
  evaluate(ctx: RuleContext): RuleHit[];
}

export type { Domain, DeviceHolder, Observation, PollStatus, Severity };
