// The file name of a history export, the same whether the browser names the download (desktop: the
// renderer) or the server does (web mode: content-disposition). Ids only, so no user text reaches a header.

/** Ids listed in a selection export's name before it says how many more there are. */
const NAMED_IDS = 8

/** `run-4.csv` for one run; `runs-1-2-3.csv` for a few; `runs-1-…-8-and-4-more.json` past NAMED_IDS. */
export function exportFileName(runIds: readonly number[], format: string): string {
  if (runIds.length === 1) return `run-${runIds[0]}.${format}`
  const named = runIds.slice(0, NAMED_IDS).join('-')
  const more = runIds.length > NAMED_IDS ? `-and-${runIds.length - NAMED_IDS}-more` : ''
  return `runs-${named}${more}.${format}`
}
