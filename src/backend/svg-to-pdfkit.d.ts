// svg-to-pdfkit ships no types; the part src/backend/figurePdf.ts uses.
declare module 'svg-to-pdfkit' {
  interface SVGtoPDFOptions {
    width?: number
    height?: number
    preserveAspectRatio?: string
    assumePt?: boolean
    precision?: number
    fontCallback?: (family: string, bold: boolean, italic: boolean, fontOptions: { fauxItalic: boolean; fauxBold: boolean }) => string
    warningCallback?: (message: string) => void
    /** Maps an <image> href to what PDFKit's openImage gets (a path, URL or data URI). */
    imageCallback?: (href: string) => string
  }
  export default function SVGtoPDF(doc: PDFKit.PDFDocument, svg: string, x: number, y: number, options?: SVGtoPDFOptions): void
}
