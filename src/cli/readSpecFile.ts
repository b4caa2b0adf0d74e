// A spec file as the commands read it (`landau run`, `landau chaos-study`): its text parsed as JSON, or an
// InputError (exit code 2) that says whether the file could not be read or is not JSON.
import { readFileSync } from 'node:fs'
import { InputError } from './inputError'

export function readSpecFile(file: string): unknown {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new InputError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new InputError(`${file} is not valid JSON: ${(err as Error).message}`)
  }
}
