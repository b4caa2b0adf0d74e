// The errors of the API contract (api.ts re-exports them): a code the UI and the CLI act on, a message
// shown as it is, and the spec issues of an invalid spec. Kept apart from api.ts, which loads the
// argument schemas, so that code that only raises or recognises an error loads nothing else.
import type { SpecIssue } from './specIssues'

export type ApiErrorCode = 'invalid-spec' | 'invalid-argument' | 'no-project' | 'not-found' | 'busy' | 'io' | 'internal'

export interface ApiErrorShape {
  code: ApiErrorCode
  message: string
  issues?: SpecIssue[]
}

/** An error the backend raises on purpose; its code and message reach the UI unchanged. */
export class ApiError extends Error implements ApiErrorShape {
  constructor(
    public code: ApiErrorCode,
    message: string,
    public issues?: SpecIssue[],
  ) {
    super(message)
    this.name = 'ApiError'
  }
}
