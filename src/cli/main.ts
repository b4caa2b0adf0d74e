// Entry point of `landau` (bin/landau.js loads it through tsx).
import { main } from './index'

await main(process.argv)
