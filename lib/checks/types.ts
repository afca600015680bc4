import type { Domain, DeviceHolder, Observation } from '../probe/types';
import type { PollStatus, Severity, TargetKind } from '../model';
import type { RemediationContext } from './remedy/context';
import type { Remediation, RemediationPlan } from './remedy/types';

/** Thresholds and disk policy from the inventory (with defaults), as checks see them. */
export interface RuleConfig {
  entropyWarn: number; // default 200
  entropyCrit: number; // default 100
  unreachableCycles: number; // default 3
  diskPolicy: {
    file: { cache: string[]; io: string[] }; // default cache [writeback, none], io [threads, io_uring]
    block: { cache: string[]; io: string[] }; // default cache [none, directsync], io [native, io_uring]
  };
}

/** One target with what the collector knows about it, as checks see it. */
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

/** Everything a check may look at: one target, its host, and the whole fleet (for clone checks). */
export interface CheckContext {
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
 * Inputs a check cannot judge without. When one is missing or stale (target or host unreachable this
 * cycle), the findings lifecycle skips the check and keeps its open findings as they are, so missing
 * data never resolves (or opens) a finding.
 */
export type CheckInput = 'observation' | 'hostObservation' | 'domain' | 'statuses' | 'fleet' | 'holders';

/** What a check reports when it fails: one per subject (e.g. per disk "vda"), with its typed facts. */
export interface CheckHit<Facts> {
  /** "" when the check is about the whole target; disk target, key fingerprint, ... otherwise */
  subject: string;
  severity: Severity;
  /** one line shown in lists */
  summary: string;
  /** the facts behind it, e.g. "entropy_avail=12 poolsize=256 uptime=340s kernel 6.1.0" */
  detail: string;
  /** what the check found that its remediation needs (domain name, disk target, holders...) */
  facts: Facts;
}

/** What every check declares about itself: the catalogue, the README table and the docs read this. */
export interface CheckInfo {
  /** stable id, e.g. "crng-not-ready"; also the name of its folder under lib/checks/ */
  id: string;
  title: string;
  /** when it fires, in one or two sentences (markdown: docs/checks.md and the README table) */
  when: string;
  /** which severity when, e.g. "critical when uptime > 120 s, warning before" */
  severities: string;
  /** what the remediation does, in one line */
  fix: string;
  /** why the check exists */
  reason: string;
  /** what the reason rests on: kernel commit/version, QEMU constraint, libvirt doc */
  source: string;
  /** which targets it looks at */
  appliesTo: TargetKind[];
  requires: CheckInput[];
}

/** What one check's folder writes: its rule and its fix, sharing one facts type. */
export interface CheckDefinition<Facts> extends CheckInfo {
  evaluate(ctx: CheckContext): CheckHit<Facts>[];
  /** the fix for one hit of this check; the registry adds the check's reason and source */
  remediate(hit: CheckHit<Facts>, ctx: RemediationContext): RemediationPlan;
}

/** A hit with its remediation bound to the facts it came with (the facts never leave the check). */
export interface JudgedHit extends Omit<CheckHit<unknown>, 'facts'> {
  remediation(): Remediation;
}

/** A check as the pipeline sees it: whatever its facts, it judges a target into hits with fixes. */
export interface Check extends CheckInfo {
  judge(ctx: RemediationContext): JudgedHit[];
}

/** A check as its own folder and tests see it: typed facts, evaluate and remediate usable alone. */
export interface TypedCheck<Facts> extends Check, CheckDefinition<Facts> {
  /** the full remediation (summary, reason with source, steps) of one hit */
  remediation(hit: CheckHit<Facts>, ctx: RemediationContext): Remediation;
}

export type { Domain, DeviceHolder, Observation, PollStatus, Severity, TargetKind };
