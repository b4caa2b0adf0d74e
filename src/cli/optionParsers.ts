// Parsers of command-line option values: a bad value is commander's usage error (exit code 2), naming the flag.
import { InvalidArgumentError } from 'commander'

export const positiveInt = (what: string) => (v: string) => {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${what} must be a positive integer`)
  return n
}

export const numberList = (what: string) => (v: string) => {
  const xs = v.split(',').map(Number)
  if (xs.length < 2 || xs.some((x) => !Number.isInteger(x) || x < 2))
    throw new InvalidArgumentError(`${what} must list at least two integers ≥ 2, comma separated`)
  return xs
}
export const positiveNumber = (what: string) => (v: string) => {
  const x = Number(v)
  if (!(x > 0) || !Number.isFinite(x)) throw new InvalidArgumentError(`${what} must be a positive number`)
  return x
}

/** Seconds between a run's checkpoints: ≥ 0 (0: none), finite. */
export const checkpointSeconds = (v: string) => {
  const x = Number(v)
  if (v.trim() === '' || !(x >= 0) || !Number.isFinite(x))
    throw new InvalidArgumentError('--checkpoint-every must be a number of seconds ≥ 0 (0: no checkpoints)')
  return x
}
export const positiveList = (what: string) => (v: string) => {
  const xs = v.split(',').map(Number)
  if (xs.length < 2 || xs.some((x) => !(x > 0) || !Number.isFinite(x)))
    throw new InvalidArgumentError(`${what} must list at least two positive numbers, comma separated`)
  return xs
}
export const finiteNumber = (what: string) => (v: string) => {
  const x = Number(v)
  if (v.trim() === '' || !Number.isFinite(x)) throw new InvalidArgumentError(`${what} must be a number`)
  return x
}
/** A date, YYYY-MM-DD (or a full ISO 8601 instant), compared with the stored ISO timestamps as text. */
export const isoDate = (what: string) => (v: string) => {
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(Date.parse(v))) throw new InvalidArgumentError(`${what} must be a date, YYYY-MM-DD`)
  return v
}
/** Run ids, comma separated (`--runs 1,2,3`): one or more positive integers. */
export const positiveIntList = (what: string) => (v: string) => {
  const xs = v.split(',').map(Number)
  if (xs.some((x) => !Number.isInteger(x) || x < 1)) throw new InvalidArgumentError(`${what} must list positive integers, comma separated`)
  return xs
}
