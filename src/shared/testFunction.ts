// The weak chaos test function φ as the renderer sees it: the text form that `landau chaos --phi` takes
// ("gaussian:cx,cy,cz,width" or "cosine:kx,ky,kz"), parsed as data from a closed set, never evaluated.
export { DEFAULT_TEST_FUNCTION, formatTestFunction, parseTestFunction } from '../solvers/chaos/testFunctions'
export type { TestFunction } from '../solvers/chaos/testFunctions'

/** Offered in the φ field's list: the bulk, a side of the bulk, a long and a short Fourier mode. */
export const TEST_FUNCTION_PRESETS = ['gaussian:0,0,0,1', 'gaussian:1.5,0,0,0.5', 'cosine:1,0,0', 'cosine:0,0,2'] as const
