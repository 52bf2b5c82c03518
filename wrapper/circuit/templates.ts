// Sub-templates of the generated circuit (Emitter.beginTemplate / endTemplate).
//
// Why: circom compiles each template (per parameter set) to one wasm function of the
// witness generator, and V8 refuses a function over 7,654,321 bytes. The 100-bit wrap
// circuit written as one main template made a 15.6 MB function. Each query's checks (and
// each table's constraints at z) now go in a template of their own.
//
// How: the code is emitted as before, then moved. Every name it reads that was made
// outside (a main signal, a circuit input element, a component output) becomes one
// element of the template's input array `ext`, wired in main by `<==`: an equality of two
// signals, which circom's --O1 removes, so the constraint count does not change. Names
// made inside are renamed in order of first appearance, so two scopes that emit the same
// code up to names (every query of one proof shape) share one template and one wasm
// function.
export type SubTemplate = {
  name: string;
  /** The template's source, `template Name() { ... }`. */
  source: string;
  /** The body with comments dropped and names canonical: equal keys, equal templates. */
  key: string;
};

/** Who made a name: this scope, main (or a circuit input), another sub-template, or nobody (a keyword). */
export type NameOwner = (name: string) => "local" | "main" | "other" | null;

// an identifier not preceded by `.` or a word character, then an optional component
// field and array indices: `m_12`, `rc_3.in`, `leaf_7.out[0]`, `q0_main_row0[5]`
const REF = /(?<![.\w])([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*)?(?:\[[^\]]*\])*)/g;

/** The names a line of generated code reads or writes (not component fields). */
export function namesIn(line: string): string[] {
  if (line.startsWith("//")) return [];
  return [...line.matchAll(REF)].map((m) => m[1]);
}

export function extractTemplate(
  label: string,
  lines: string[],
  ownerOf: NameOwner,
  existing: SubTemplate[],
): { template: SubTemplate; externals: string[] } {
  const externals: string[] = [];
  const externalIndex = new Map<string, number>();
  const localNames = new Map<string, string>();
  const body = lines.map((line) => {
    if (line.startsWith("//")) return line;
    return line.replace(REF, (whole, name: string, suffix: string) => {
      const owner = ownerOf(name);
      if (owner === null) return whole;
      if (owner === "other") throw new Error(`circuit template '${label}' reads ${whole}, which another template made`);
      if (owner === "local") {
        let local = localNames.get(name);
        if (!local) {
          local = `${name.replace(/_\d+$/, "")}_${localNames.size}`;
          localNames.set(name, local);
        }
        return local + suffix;
      }
      if (/\[[^\]]*[^\d\]][^\]]*\]/.test(suffix) || (suffix === "" && !/_\d+$/.test(name))) {
        throw new Error(`circuit template '${label}' reads ${whole} from outside: only single signals can be passed in`);
      }
      let k = externalIndex.get(whole);
      if (k === undefined) {
        k = externals.length;
        externals.push(whole);
        externalIndex.set(whole, k);
      }
      return `ext[${k}]`;
    });
  });
  const key = `${externals.length}\n${body.filter((l) => !l.startsWith("//")).join("\n")}`;
  const same = existing.find((t) => t.key === key);
  if (same) return { template: same, externals };
  const taken = existing.filter((t) => t.name === label || t.name.startsWith(`${label}_`)).length;
  const name = taken === 0 ? label : `${label}_${taken}`;
  const source = [
    `// ${label}: shared by every scope that emits this code; its comments name the first`,
    `template ${name}() {`,
    ...(externals.length > 0 ? [`    signal input ext[${externals.length}];`] : []),
    ...body.map((l) => `    ${l}`),
    "}",
  ].join("\n");
  return { template: { name, source, key }, externals };
}
