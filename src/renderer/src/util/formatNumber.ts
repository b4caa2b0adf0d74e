// The UI's number format is the workbench's one (src/shared/formatNumber.ts), re-exported beside format.ts's
// DOM helpers so that components import every formatter from util/.
export { formatFixed, formatNumber, MINUS } from '../../../shared/formatNumber'
