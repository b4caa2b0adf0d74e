// The project file's schema, as an append-only list of migrations. PRAGMA user_version is the number
// of migrations applied; a file from a newer workbench (higher user_version) is refused rather than
// misread. docs/PROJECT_FORMAT.md describes every table so the file can be read without this code.
export const APPLICATION_ID = 0x4c414e44 // "LAND": marks a SQLite file as a Landau Workbench project

export const MIGRATIONS: readonly string[] = [
  // 1: the walking skeleton.
  `
  CREATE TABLE project (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL          -- code version that created the file
  );
  CREATE TABLE designs (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    initial    TEXT NOT NULL,         -- InitialSpec as JSON
    created_at TEXT NOT NULL
  );
  CREATE TABLE experiments (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    spec       TEXT NOT NULL,         -- the parsed ExperimentSpec (defaults filled) as JSON
    created_at TEXT NOT NULL
  );
  CREATE TABLE runs (
    id            INTEGER PRIMARY KEY,
    experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,   -- position in the experiment (RunSpec.runIndex)
    solver        TEXT NOT NULL,
    params        TEXT NOT NULL,      -- the solver entry as JSON
    spec          TEXT NOT NULL,      -- the full RunSpec as JSON
    seed          INTEGER NOT NULL,
    code_version  TEXT NOT NULL,
    host          TEXT NOT NULL,
    owner         TEXT,               -- "host:pid" of the process that queued/runs it
    status        TEXT NOT NULL CHECK (status IN ('queued','running','done','failed','cancelled','interrupted')),
    progress      REAL NOT NULL DEFAULT 0,
    metrics       TEXT NOT NULL DEFAULT '[]', -- JSON array: the column order of history.vals
    created_at    TEXT NOT NULL,
    started_at    TEXT,
    finished_at   TEXT,
    wall_ms       REAL,
    error         TEXT,
    UNIQUE (experiment_id, idx)
  );
  CREATE TABLE history (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq    INTEGER NOT NULL,          -- 0, 1, 2, … in time order
    step   INTEGER NOT NULL,          -- solver time step of the row
    t      REAL NOT NULL,
    vals   BLOB NOT NULL,             -- little-endian float64 values, in the order of runs.metrics
    PRIMARY KEY (run_id, seq)
  ) WITHOUT ROWID;
  `,
  // 2: particle snapshots (spec.snapshots), for later analysis (W2, marginals, entropy).
  `
  CREATE TABLE snapshots (
    run_id  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    step    INTEGER NOT NULL,
    t       REAL NOT NULL,
    replica INTEGER NOT NULL,
    n       INTEGER NOT NULL,         -- particles
    v       BLOB NOT NULL,            -- little-endian float64, particle p at [3p, 3p+3): vx, vy, vz
    PRIMARY KEY (run_id, step, replica)
  ) WITHOUT ROWID;
  `,
  // 3: densities of deterministic runs at their snapshot times (DensityRecord, densityCodec.ts).
  `
  CREATE TABLE densities (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    step   INTEGER NOT NULL,
    t      REAL NOT NULL,
    kind   TEXT NOT NULL CHECK (kind IN ('grid','radial','weighted')),
    meta   TEXT NOT NULL,             -- JSON: the record's scalars and "arrays": [[name, length], …]
    data   BLOB NOT NULL,             -- little-endian float64: the arrays of meta.arrays, end to end
    PRIMARY KEY (run_id, step)
  ) WITHOUT ROWID;
  `,
  // 4: a min/max summary of each run's history, written with the rows (projectStore.appendHistory), so
  // that a plot of a long history reads the blocks and a few rows instead of every row.
  `
  CREATE TABLE history_blocks (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq0   INTEGER NOT NULL,          -- first history.seq of the block
    seq1   INTEGER NOT NULL,          -- last history.seq of the block (inclusive): rows seq0..seq1, all present
    t0     REAL NOT NULL,             -- t of row seq0
    t1     REAL NOT NULL,             -- t of row seq1
    stats  BLOB NOT NULL,             -- little-endian float64, 4 per column of runs.metrics, in that order:
                                      -- min, seq of the min, max, seq of the max (NaN values skipped,
                                      -- earliest row on ties; a column with no value: NaN, -1, NaN, -1)
    PRIMARY KEY (run_id, seq0)
  ) WITHOUT ROWID;
  `,
  // 5: why a run stopped (RunRecord.stopReason): a user's cancel, a shutdown (app, server or CLI closed or
  // signalled), a crash (found interrupted at the next open) or an error. Before 5, 'interrupted' came only
  // from the open-time sweep and 'failed' only from errors; 'cancelled' was a user's cancel or a shutdown,
  // which cannot be told apart now, so those stay NULL.
  `
  ALTER TABLE runs ADD COLUMN stop_reason TEXT CHECK (stop_reason IN ('user','shutdown','crash','error'));
  UPDATE runs SET stop_reason = 'crash' WHERE status = 'interrupted';
  UPDATE runs SET stop_reason = 'error' WHERE status = 'failed';
  `,
  // 6: per-replica moments at the snapshot times of runs whose spec says snapshotKind 'moments' (the
  // chaos studies; replicaMoments.ts): far smaller than velocities, all a study's estimators need.
  `
  CREATE TABLE replica_moments (
    run_id   INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    step     INTEGER NOT NULL,
    t        REAL NOT NULL,
    phi      TEXT NOT NULL,           -- v2, vx2, aniso, v4, bump (src/solvers/chaos/chaosObservables.ts)
    replicas INTEGER NOT NULL,
    m        BLOB NOT NULL,           -- little-endian float64 per replica: (1/N) Σ φ(V_i)
    q        BLOB NOT NULL,           -- little-endian float64 per replica: (1/N) Σ φ(V_i)²
    PRIMARY KEY (run_id, step, phi)
  ) WITHOUT ROWID;
  `,
  // 7: where a run was computed when its experiment was split over machines (`landau run --shard i/K`,
  // docs/CLUSTER.md): "i/K", kept through `landau merge` as provenance. NULL for a run of a whole experiment
  // and for every run stored before 7.
  `
  ALTER TABLE runs ADD COLUMN shard TEXT;
  `,
  // 8: replica-range parts (docs/CLUSTER.md): a particle run with many replicas may be cut over shards by
  // replica range [replica_from, replica_to); each part stores, at every history row, its replicas' moments
  // and the particles the pooled entropy reads (replica_rows), so that `landau merge` rebuilds the whole
  // run's rows bit for bit from its parts. NULL range: a whole run.
  `
  ALTER TABLE runs ADD COLUMN replica_from INTEGER;
  ALTER TABLE runs ADD COLUMN replica_to INTEGER;
  CREATE TABLE replica_rows (
    run_id  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    step    INTEGER NOT NULL,
    t       REAL NOT NULL,
    moments BLOB NOT NULL,            -- little-endian float64, 6 per replica of the part (mass, momentum,
                                      -- energy, Txx, Tyy, Tzz), replica replica_from first
    pool    BLOB NOT NULL,            -- little-endian float64: the first ⌊65536/M⌋ (≥ 1, ≤ N) particles of
                                      -- each replica of the part, 3 coordinates each (M: the whole run's replicas)
    PRIMARY KEY (run_id, step)
  ) WITHOUT ROWID;
  `,
  // 9: the last checkpoint of each run that is not done (checkpoints.ts, docs/CLUSTER.md "Checkpoints and
  // resume"): its whole state after `step` steps, written only after every row, snapshot, density and
  // moment up to that step, replaced in place, deleted when the run ends done.
  `
  CREATE TABLE checkpoints (
    run_id     INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
    step       INTEGER NOT NULL,      -- steps taken (t = step·Δt)
    t          REAL NOT NULL,
    written_at TEXT NOT NULL,
    code_version TEXT NOT NULL,       -- the code that computed the state (runs.code_version at the time)
    state      BLOB NOT NULL          -- little-endian float64: particles, all replicas' velocities (replica 0
                                      -- first, particle p at [3p, 3p+3)); deterministic, the solver's state
                                      -- (element 0 its step count)
  );
  `,
  // 10: the researcher's annotations of a run (docs/PROJECT_FORMAT.md "Run annotations"): a name of its own,
  // notes (markdown), tags, a star, archived (hidden from the run list by default) and deleted (in the trash:
  // hidden, restorable, removed for good only by an explicit "empty trash"). Not run content: `landau merge`
  // copies them with a run it adds and never compares them (mergeRows.ts). project.run_id_floor: the
  // highest id of a run removed from the trash, which no new run takes (NEXT_RUN_ID, runAnnotations.ts), so a
  // run id in a note, a figure or an exported file never comes to name another run.
  `
  ALTER TABLE runs ADD COLUMN label TEXT;
  ALTER TABLE runs ADD COLUMN notes TEXT NOT NULL DEFAULT '';
  ALTER TABLE runs ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE runs ADD COLUMN starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1));
  ALTER TABLE runs ADD COLUMN archived_at TEXT;
  ALTER TABLE runs ADD COLUMN deleted_at TEXT;
  ALTER TABLE project ADD COLUMN run_id_floor INTEGER NOT NULL DEFAULT 0;
  `,
]

export const SCHEMA_VERSION = MIGRATIONS.length
