/**
 * Computes the advisor report for two commits: which dependencies changed,
 * what the head policy says about them, which vulnerabilities the change
 * fixes or introduces, which breaking-change notes it crosses and what
 * version to recommend. Reads git objects only; prints nothing.
 */
import path from 'node:path';
import { ecosystems as ecosystemRegistry } from '../policies/ecosystems/index.js';
import type { Ecosystem } from '../policies/ecosystems/types.js';
import { InputError, isInputError } from '../policies/model/errors.js';
import { diffDependencies, type RawChange } from './changes.js';
import { gitRepository, type GitRepository } from './git.js';
import { loadKnowledge, notesFor, type KnowledgeBase } from './knowledge.js';
import { findManifestGroups, groupChanged, groupFiles, parseGroup, type ManifestGroup } from './manifests.js';
import type { AdvisorReport, DependencyChange, VulnerabilityRef } from './model.js';
import { defaultVulnerabilityPolicy, loadHeadPolicy, type HeadPolicy } from './policy.js';
import { recommendVersion } from './recommend.js';
import { toSemver } from './versions.js';
import { rateIntroduced, withoutIgnored } from './vuln-policy.js';
import { compareVulns, diffVulnerabilities, emptyScan, osvSideScanner, type ScanResult, type ScanSettings, type SideScanner } from './vulns.js';
import { compareText } from '../policies/model/text-order.js';

export interface ComputeOptions {
  /** The repository (working directory holding .git). */
  root: string;
  base: string;
  head: string;
  /** Policy file path inside the repository, read from the head commit. */
  policyFile: string;
  /** Extra knowledge folders (`--knowledge`). */
  knowledgeDirs: readonly string[];
  /** Flags (`--offline-db`, `--osv-scanner`); the policy's `vulnerabilities` section fills what they leave unset. */
  scan: ScanSettings;
  now: Date;
}

/** Replaceable parts, for tests that need a different git or scanner. */
export interface ComputeDependencies {
  git?: GitRepository;
  scanner?: SideScanner;
  ecosystems?: readonly Ecosystem[];
  knowledge?: KnowledgeBase;
}

/** The report plus the input problems that make the run fail closed (exit 2) after reporting (also listed in `report.problems`). */
export interface ComputeResult {
  report: AdvisorReport;
  problems: InputError[];
}

function keyOf(group: ManifestGroup): string {
  return `${group.ecosystem.id}\u0000${group.manifest}`;
}

async function scanSafely(
  scanner: SideScanner,
  commit: string,
  files: string[],
  side: string,
  problems: InputError[],
): Promise<ScanResult | undefined> {
  try {
    return await scanner(commit, files);
  } catch (error) {
    if (!isInputError(error)) throw error;
    problems.push(new InputError(`vulnerability scan of the ${side} commit failed: ${error.message}`, error.fix ? { fix: error.fix } : {}));
    return undefined;
  }
}

/**
 * The built-in knowledge plus the extra folders. A bad extra file must not
 * cost the pull request its comment: it becomes a problem (exit 2) and the
 * run goes on with the built-in knowledge.
 */
function loadKnowledgeSafely(dirs: readonly string[], problems: InputError[]): KnowledgeBase {
  try {
    return loadKnowledge(dirs);
  } catch (error) {
    if (!isInputError(error) || dirs.length === 0) throw error;
    problems.push(
      new InputError(`the extra knowledge could not be loaded, so only the built-in notes are shown: ${error.message}`, {
        ...(error.location ? { location: error.location } : {}),
        ...(error.fix ? { fix: error.fix } : {}),
      }),
    );
    return loadKnowledge([]);
  }
}

/** One line per problem: the comment has no room for the CLI's two-line layout. */
function problemLine(problem: InputError): string {
  return problem.format().replace(/\n\s*fix: /, ' Fix: ');
}

export async function computeReport(options: ComputeOptions, deps: ComputeDependencies = {}): Promise<ComputeResult> {
  const git = deps.git ?? gitRepository(options.root);
  const ecosystems = deps.ecosystems ?? Object.values(ecosystemRegistry);
  const notes: string[] = [];
  const problems: InputError[] = [];
  const knowledge = deps.knowledge ?? loadKnowledgeSafely(options.knowledgeDirs, problems);

  // 1. Both commits and the manifests the pull request touched.
  const base = await git.resolve(options.base);
  const head = await git.resolve(options.head);
  const [baseFiles, headFiles] = await Promise.all([git.listFiles(base), git.listFiles(head)]);
  const baseGroups = new Map((await findManifestGroups(git, base, baseFiles, ecosystems)).map((g) => [keyOf(g), g]));
  const headGroups = new Map((await findManifestGroups(git, head, headFiles, ecosystems)).map((g) => [keyOf(g), g]));
  const keys = [...new Set([...baseGroups.keys(), ...headGroups.keys()])].sort();
  const touched = keys.filter((k) => {
    const groups = [baseGroups.get(k), headGroups.get(k)].filter((g): g is ManifestGroup => g !== undefined);
    return groups.some((g) => groupChanged(g, baseFiles, headFiles));
  });

  // 2. Dependency changes per touched manifest.
  const raw: RawChange[] = [];
  for (const key of touched) {
    const before = baseGroups.get(key);
    const after = headGroups.get(key);
    const ecosystem = (after ?? before)?.ecosystem;
    const manifest = (after ?? before)?.manifest;
    if (!ecosystem || !manifest) continue;
    const parsedBefore = before ? await parseGroup(git, base, before) : undefined;
    const parsedAfter = after ? await parseGroup(git, head, after) : undefined;
    const problemsHere = [parsedBefore, parsedAfter].flatMap((p) => (p !== undefined && !p.ok ? [p.error] : []));
    if (problemsHere.length > 0) {
      // Fail closed: a manifest the advisor cannot read may hide a violation or a vulnerability.
      for (const error of problemsHere) {
        problems.push(new InputError(`skipped ${manifest}: ${error.format().replace(/\n\s*fix: .*$/s, '')}`, error.fix ? { fix: error.fix } : {}));
      }
      continue;
    }
    const baseDeps = parsedBefore?.ok ? parsedBefore.parsed.dependencies : [];
    const headDeps = parsedAfter?.ok ? parsedAfter.parsed.dependencies : [];
    raw.push(...diffDependencies(ecosystem, manifest, baseDeps, headDeps));
  }

  // 3. The head policy (a broken policy is reported and fails the run, after the comment is written).
  let policy: HeadPolicy | undefined;
  try {
    policy = await loadHeadPolicy(git, head, options.root, options.policyFile, notes, options.now);
  } catch (error) {
    if (!isInputError(error)) throw error;
    problems.push(new InputError(`the policy at the head commit cannot be used: ${error.format()}`, error.fix ? { fix: error.fix } : {}));
  }

  // 4. Vulnerabilities of both sides, scanning only the touched manifests and lockfiles, judged by the head's
  //    `vulnerabilities` policy (ignores, fail_on, unknown_severity) as the gate will judge them after merging.
  const vulnPolicy = policy?.vulnerabilities ?? defaultVulnerabilityPolicy();
  const scanSettings: ScanSettings = {
    ...options.scan,
    ...(options.scan.offlineDb === undefined && vulnPolicy.offlineDb !== undefined
      ? { offlineDb: path.resolve(options.root, vulnPolicy.offlineDb) }
      : {}),
    timeoutMs: options.scan.timeoutMs ?? vulnPolicy.timeoutSeconds * 1000,
  };
  const scanner = deps.scanner ?? osvSideScanner(git, scanSettings, ecosystems);
  const filesAt = (groups: Map<string, ManifestGroup>, listing: Map<string, string>): string[] =>
    touched.flatMap((k) => {
      const g = groups.get(k);
      return g ? groupFiles(g).filter((f) => listing.has(f)) : [];
    });
  const baseScanned = await scanSafely(scanner, base, filesAt(baseGroups, baseFiles), 'base', problems);
  const headScanned = await scanSafely(scanner, head, filesAt(headGroups, headFiles), 'head', problems);
  const scanFailed = baseScanned === undefined || headScanned === undefined;
  const baseScan = baseScanned ?? emptyScan();
  const headScan = headScanned ?? emptyScan();
  const diff = diffVulnerabilities(
    withoutIgnored(baseScan.vulnerabilities, vulnPolicy, options.now),
    withoutIgnored(headScan.vulnerabilities, vulnPolicy, options.now),
  );
  const fixed = diff.fixed;
  const introduced = rateIntroduced(diff.introduced, vulnPolicy);
  const claimed = new Set<VulnerabilityRef>();

  // 5. Everything attached to each change.
  const changes: DependencyChange[] = raw.map((ch) => {
    const names = [ch.name, ...(ch.previousName ? [ch.previousName] : [])];
    // osv-scanner spells Go versions without the `v`; compare on the semver spelling.
    const sameVersion = (a: string, b: string | undefined): boolean =>
      b !== undefined && (a === b || (toSemver(ch.ecosystem, a) ?? a) === (toSemver(ch.ecosystem, b) ?? b));
    const mine = (list: VulnerabilityRef[], version: string | undefined, packageNames: string[]): VulnerabilityRef[] =>
      list.filter((v) => {
        const match =
          v.ecosystem === ch.ecosystem && packageNames.includes(v.packageName) && sameVersion(v.packageVersion, version) && !claimed.has(v);
        if (match) claimed.add(v);
        return match;
      });
    const change: DependencyChange = {
      ...ch,
      policy:
        ch.kind === 'removed' || ch.to === undefined
          ? { status: 'unchecked', message: 'removed' }
          : (policy?.verdict({ ecosystem: ch.ecosystem, name: ch.name, version: ch.to, direct: ch.direct, manifest: ch.manifest }) ?? {
              status: 'unchecked',
              message: 'the policy could not be read',
            }),
      notes: ch.from !== undefined && ch.to !== undefined ? notesFor(knowledge, ch.ecosystem, names, ch.from, ch.to) : [],
      vulnerabilitiesFixed: mine(fixed, ch.from, ch.previousName ? [ch.previousName] : [ch.name]),
      vulnerabilitiesIntroduced: mine(introduced, ch.to, [ch.name]),
    };
    if (ch.to !== undefined && policy) {
      const accepts = (ecosystem: typeof ch.ecosystem, name: string, version: string): boolean =>
        policy.accepts(ecosystem, name, version);
      const records = [...names].flatMap((n) => [
        ...(baseScan.advisories.get(`${ch.ecosystem}\u0000${n}`) ?? []),
        ...(headScan.advisories.get(`${ch.ecosystem}\u0000${n}`) ?? []),
      ]);
      const recommended = recommendVersion({
        ecosystem: ch.ecosystem,
        name: ch.name,
        head: ch.to,
        records,
        accepts: (v) => accepts(ch.ecosystem, ch.name, v),
      });
      if (recommended !== undefined && recommended !== ch.to) change.recommended = recommended;
    }
    return change;
  });

  const unclaimedFixed = fixed.filter((v) => !claimed.has(v)).sort(compareVulns);
  const unclaimedIntroduced = introduced.filter((v) => !claimed.has(v)).sort(compareVulns);

  const report: AdvisorReport = {
    schemaVersion: 1,
    base,
    head,
    changes: changes.sort(
      (a, b) => compareText(a.ecosystem, b.ecosystem) || compareText(a.manifest, b.manifest) || compareText(a.name, b.name),
    ),
    vulnerabilitiesFixed: unclaimedFixed,
    vulnerabilitiesIntroduced: unclaimedIntroduced,
    counts: {
      changes: changes.length,
      majors: changes.filter((c) => c.semver === 'major').length,
      violations: changes.filter((c) => c.policy.status === 'denied').length,
      vulnsFixed: fixed.length,
      vulnsIntroduced: introduced.length,
    },
    notes: [...new Set(notes)],
    problems: [...new Set(problems.map(problemLine))],
    scanFailed,
  };
  return { report, problems };
}
