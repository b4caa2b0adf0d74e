// The numerical core's public surface (re-exports only).
export { philox4x32 } from './philox'
export { initialBlock, kickBlock, Purpose, streamKey } from './streams'
export { boxMullerRadius, normalPair, uniform53 } from './normal'
export { halfGammaPower, kernelA, kernelB, sigmaAmplitude } from './kernel'
export { familyModel, initialTemperatures, InitialDataError, previewInitial, sampleInitial } from './initialData'
export { roundCount, roundPairs } from './roundRobin'
export { kickScale, rotationStep } from './rotationStep'
export { createEnsemble } from './ensemble'
export type { Ensemble } from './ensemble'
export { createKacEnsemble, kacRound, kacStep } from './kac'
export type { KacEnsemble } from './kac'
export { kacEulerRows, kacEulerStep } from './kacEuler'
export { fgmRows, fgmStep } from './fgm'
export { fournierFinish, fournierRows, fournierScratch, fournierStep } from './fournier'
export type { FournierScratch } from './fournier'
export { pairingEulerStep, pairingRotationStep, pairingWeight } from './pairing'
export { randomPermutation } from './randomMatching'
export { planeGaussian } from './planeGaussian'
export { psdFactorTimes } from './psdFactor'
export { applyIncrements, pairsBeforeRow, rowBlocks } from './rowBlocks'
export { fgmBlock, fournierBlock, pairingKickBlock, permutationBlock, SystemPurpose } from './systemStreams'
export { kthNeighbourDistances } from './nearestNeighbours'
export { digammaInt, klEntropy } from './klEntropy'
export {
  ENTROPY_POOL_CAP,
  ENTROPY_SE_GROUPS,
  historyRow,
  MOMENT_METRICS,
  MOMENT_ROW_METRICS,
  particleMoments,
  pooledEntropy,
  replicaMeanAndSe,
  ROW_METRICS,
} from './moments'
export { snapshotSteps } from './snapshots'
export { createStepper } from './steppers'
export type { ReplicaStepper } from './steppers'
export { runSolver } from './runSolver'
export type { SolverEvent } from './runSolver'
export { sortedW2Squared, sortedW2SquaredInPlace } from './sortedW2'
export { assignmentW2, solveAssignment, squaredDistanceMatrix } from './assignmentW2'
export { sliceDirections, slicedW2, slicedW2Along } from './slicedW2'
