// The one style of every chart the workbench draws: the series palette, markers, dash
// patterns, grid-line greys, backgrounds, fonts and the legend layout of exported figures. Every option
// builder in this folder (and the renderer's live history plot) takes its look from here, so the screen,
// the UI's exports and `landau chaos --svg/--pdf` cannot drift apart. Series are told apart by marker and
// dash as well as colour, so that figures read in black and white. Pure: no DOM, no Node.

/** Line dash as ECharts takes it: a keyword or a [dash, gap, …] pattern in px. */
export type Dash = 'solid' | 'dashed' | 'dotted' | number[]

/**
 * Colours of series told apart by an index (a solver, a particle count N): dark, saturated, distinct in
 * grey. The convergence and chaos-vs-t charts used the first four only (cycling after four solvers), the
 * conservation chart all six; all now use six.
 */
export const SERIES_COLORS: readonly string[] = ['#1f4e9c', '#b0451b', '#2e7d32', '#6a3d9a', '#8a6d00', '#00796b']
/** Filled markers, in the order of SERIES_COLORS. */
export const SYMBOLS: readonly string[] = ['circle', 'rect', 'triangle', 'diamond', 'pin', 'arrow']
/** Hollow markers (a W2 floor beside its point), in the same order. */
export const EMPTY_SYMBOLS: readonly string[] = ['emptyCircle', 'emptyRect', 'emptyTriangle', 'emptyDiamond', 'emptyPin', 'emptyArrow']
/** Dash patterns, in the same order. */
export const DASHES: readonly Dash[] = ['solid', 'dashed', 'dotted', [8, 3, 2, 3], [2, 2], [10, 4]]
/** The dash patterns without 'dotted', for charts that keep dotted lines for something else (a floor). */
export const DASHES_NO_DOTTED: readonly Dash[] = DASHES.filter((d) => d !== 'dotted')

/** The index-th entry of a style list, cycling. */
export const cycle = <T>(list: readonly T[], index: number): T => list[((index % list.length) + list.length) % list.length]

/** Colours by history metric: the three temperatures, the energy, the entropy and the Fisher information keep
 * theirs (a metric has the same colour for particle and deterministic runs, and its marginal in the preview). */
export const METRIC_COLORS: Readonly<Record<string, string>> = {
  Txx: '#d1495b',
  Tyy: '#2e933c',
  Tzz: '#2f6fbf',
  energy: '#333333',
  entropy: '#e08a1e',
  fisher: '#7b4fb0',
}
/** Colours of the other metrics, by their index in the picker's order. */
export const METRIC_PALETTE: readonly string[] = ['#1b9aaa', '#b5367e', '#6b8e23', '#8c564b', '#c9a227', '#4c6a92', '#e377c2', '#17becf', '#bcbd22', '#393b79']

/** A metric's colour: its own, else the palette's index-th. */
export function metricColor(metric: string, index: number): string {
  return METRIC_COLORS[metric] ?? cycle(METRIC_PALETTE, Math.max(0, index))
}

/** YlGnBu, the sequential scale of density slices: white-ish at f = 0 (the page), darkest at the maximum;
 * luminance is monotone, so it reads in grey. */
export const SLICE_COLORS: readonly string[] = ['#ffffd9', '#edf8b1', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#253494', '#081d58']

/** '#rrggbb' with an alpha, as rgba() (a band under its line). */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(hex)
  if (!m) return hex
  const n = parseInt(m[1], 16)
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`
}

/** Grid lines of figures (the analysis charts, on screen and exported) and their minor lines on log axes. */
export const GRID_LINE = '#e4e4e4'
export const MINOR_GRID_LINE = '#f3f3f3'
/** Grid lines of the live plots (history, initial-data preview): lighter, they sit under many lines. */
export const SCREEN_GRID_LINE = '#eef0f3'
/** Secondary text (axis names, scale labels) of the live plots. */
export const MUTED_TEXT = '#4a535e'
export const AXIS_NAME_TEXT = '#555'
/** A neutral grey (the legend entry of the floors, which take each run's colour). */
export const NEUTRAL_GREY = '#777'
/** The screen's chart text, axes and grid in the light scheme and the dark page's background and grid: fallbacks
 * only, for a page whose CSS variables (styles.css --chart-*, --bg) cannot be read. */
export const SCREEN_TEXT = '#1d2228'
export const SCREEN_AXIS = '#6e7781'
export const DARK_PAGE_BACKGROUND = '#16191d'
export const DARK_PAGE_GRID = '#2b3138'
/** Exported figures (and their PNG raster) are on white; on screen the page shows through. */
export const EXPORT_BACKGROUND = '#ffffff'
export const backgroundOf = (forExport: boolean) => (forExport ? EXPORT_BACKGROUND : 'transparent')

export const gridLine = { show: true, lineStyle: { color: GRID_LINE } }
export const minorGridLine = { show: true, lineStyle: { color: MINOR_GRID_LINE } }
export const screenGridLine = { show: true, lineStyle: { color: SCREEN_GRID_LINE } }

/** The text's font family on screen (the system UI font). No quotes: ECharts writes it into an SVG attribute unescaped. */
export const DEFAULT_FONT_FAMILY = 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif'
/** Fonts named by exported figures: DejaVu Sans first (embedded in the PDF, bundled with the app). */
export const FIGURE_FONT_FAMILY = 'DejaVu Sans, Verdana, Arial, sans-serif'
/** Text size in px: on screen, and in exported figures (full width / compact). */
export const SCREEN_FONT_PX = 11
export const fontPx = (forExport: boolean, compact: boolean) => (forExport ? (compact ? 10 : 13) : SCREEN_FONT_PX)
/** An exported figure's title. */
export const TITLE_TEXT_STYLE = { fontSize: 14, fontWeight: 500 } as const
/** Legend icon width in px (full width / compact export). */
export const legendIconPx = (compact: boolean) => (compact ? 18 : 26)

/** Below this width (CSS px, ≈ 150 mm) an exported figure is compact: no title (the caption says it), smaller type. */
export const COMPACT_WIDTH_PX = 560

/**
 * Rows a horizontal legend of these labels takes in `widthPx`: greedy packing, each item its icon, a 5 px
 * gap, its text (0.62 em a character: DejaVu Sans averages ≈ 0.55 em over mixed text, so this errs wide)
 * and ECharts' 10 px item gap. An export reserves that many rows above the plot so nothing overlaps.
 */
export function legendRows(labels: readonly string[], widthPx: number, fontPx: number, iconPx: number): number {
  let rows = labels.length ? 1 : 0
  let used = 0
  for (const l of labels) {
    const w = iconPx + 5 + l.length * 0.62 * fontPx + 10
    if (used > 0 && used + w > widthPx) {
      rows++
      used = 0
    }
    used += w
  }
  return rows
}

export interface FigureFrame {
  forExport: boolean
  fontFamily?: string
  font: number
  title: string
  showTitle: boolean
  /** Legend entries (names, or ECharts legend data items). */
  legend: readonly unknown[]
  legendTop: number
  /** Export width in CSS px: the legend wraps inside it. */
  width: number
  iconPx: number
}

/** The parts every chart of the workbench shares: animation, background, type, title and legend. */
export function figureFrame(f: FigureFrame): object {
  return {
    animation: !f.forExport,
    backgroundColor: backgroundOf(f.forExport),
    textStyle: { fontFamily: f.fontFamily ?? DEFAULT_FONT_FAMILY, fontSize: f.font },
    title: f.showTitle ? { text: f.title, left: 'center', top: 6, textStyle: TITLE_TEXT_STYLE } : undefined,
    legend: {
      data: f.legend,
      top: f.legendTop,
      left: 'center',
      width: f.forExport ? f.width - 20 : undefined,
      itemWidth: f.iconPx,
      itemGap: 10,
      textStyle: { fontSize: f.font },
    },
  }
}
