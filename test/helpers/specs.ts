// Small experiment specs shared by the backend, CLI and e2e tests.
import type { ExperimentSpecInput } from '../../src/shared/spec'

export function smallKacSpec(overrides: Partial<ExperimentSpecInput> = {}): ExperimentSpecInput {
  return {
    name: 'small kac',
    initial: { family: 'bimaxwellian', T: [1.5, 1, 0.5] },
    kernel: { gamma: 0 },
    solvers: [{ kind: 'kac', N: 20, replicas: 3 }],
    time: { T: 0.2, dt: 0.01, every: 2 },
    seed: 7,
    ...overrides,
  }
}
