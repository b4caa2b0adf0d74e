// The one error the expression language raises: a message a researcher can act on, with the
// character position (1-based, as an editor counts columns) where the problem starts.

export class FormulaError extends Error {
  constructor(
    message: string,
    /** 1-based column of the offending character in the expression, or null when not tied to one. */
    public readonly column: number | null,
  ) {
    super(message)
    this.name = 'FormulaError'
  }
}
