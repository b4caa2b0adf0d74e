// An experiment's identity: its canonical stored spec (the parsed spec as stored, name included, keys
// sorted). `landau merge` matches experiments of several files by it (mergeProjects.ts), and `landau run
// --resume` finds the experiment a project already holds by it (ProjectStore.findExperiment).

/** Key order fixed, so that the same spec written by another version of the code still matches. */
export function canonical(json: string): string {
  const sort = (x: unknown): unknown =>
    Array.isArray(x)
      ? x.map(sort)
      : x !== null && typeof x === 'object'
        ? Object.fromEntries(
            Object.keys(x)
              .sort()
              .map((k) => [k, sort((x as Record<string, unknown>)[k])]),
          )
        : x
  try {
    return JSON.stringify(sort(JSON.parse(json)))
  } catch {
    return json // a spec that no longer parses matches only its own text
  }
}
