// Dispatch from an InitialSpec to its family's model (normalisation, density, sampler, functionals).
import type { InitialSpec } from '../driver/runSpec'
import { ballModel } from './ball'
import { bkwModel } from './bkw'
import { formulaModel } from './formulaModel'
import { gaussianMixtureModel } from './gaussianMixture'
import { InitialDataError } from './initialDataError'
import type { InitialModel } from './initialModel'
import { shellModel } from './shell'

export function familyModel(initial: InitialSpec): InitialModel {
  switch (initial.family) {
    case 'maxwellian':
    case 'bimaxwellian':
    case 'two-beam':
    case 'mixture':
      return gaussianMixtureModel(initial)
    case 'bkw':
      return bkwModel(initial)
    case 'shell':
      return shellModel(initial)
    case 'ball':
      return ballModel()
    case 'formula':
      return formulaModel(initial)
    default:
      throw new InitialDataError(`unknown initial family ${JSON.stringify((initial as { family?: unknown }).family)}`)
  }
}
