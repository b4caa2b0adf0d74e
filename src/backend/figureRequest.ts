// The API's figurePdf request (Workbench.figurePdf): a chart's SVG checked against FigurePdfRequest and
// turned into a one-page vector PDF, base64 for the transport. The conversion itself is figurePdf.ts.
import { ApiError } from '../shared/api'
import { FigurePdfRequest, points } from '../shared/figureExport'
import { svgToPdf } from './figurePdf'

export async function figurePdfBase64(request: FigurePdfRequest, creator: string): Promise<string> {
  const parsed = FigurePdfRequest.safeParse(request)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new ApiError('invalid-argument', `figure PDF: ${issue?.path.length ? `${issue.path.join('.')}: ` : ''}${issue?.message ?? 'invalid request'}`)
  }
  const r = parsed.data
  const pdf = await svgToPdf(r.svg, points(r.widthMm), points(r.heightMm), { title: r.title, metadata: r.metadata, creator })
  return pdf.toString('base64')
}
