// The error an initial datum raises when it cannot be used (a formula that does not parse, is negative,
// does not decay inside its box, …). The backend maps it to an inline message in the designer, so the
// message is written for the researcher, names the place (a column, a velocity) and says what to do.

export class InitialDataError extends Error {
  constructor(
    message: string,
    /** For formula syntax errors: the 1-based column in the expression where the problem starts. */
    public readonly column: number | null = null,
  ) {
    super(message)
    this.name = 'InitialDataError'
  }
}
