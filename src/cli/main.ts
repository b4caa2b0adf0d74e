// Entry point of `landau` (bin/landau.js loads it through tsx).
import { main } from './index'
import { BROKEN_PIPE_EXIT } from './signals'

// A reader that goes away (`landau … | head`): end quietly with the code of a process killed by SIGPIPE,
// as other command-line tools do, rather than with a stack trace of the EPIPE. (Node ignores SIGPIPE.)
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(BROKEN_PIPE_EXIT)
  throw err
})

await main(process.argv)
