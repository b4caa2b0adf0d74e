#!/usr/bin/env bash
# A one-node Slurm cluster for the tests of `landau submit` (test/cluster/slurmSubmit.test.ts), started
# without systemd from Debian's packages (slurmctld, slurmd, slurm-client, munge; .ci/run installs them).
#
#   slurmLocal.sh up     start munged, slurmctld and slurmd; wait until the node takes jobs; print the
#                        SLURM_CONF to use (on stdout, last line)
#   slurmLocal.sh down   stop the daemons this script started, by the PIDs in its pid files
#   slurmLocal.sh running  exit 0 when this script's slurmctld and slurmd are alive (a caller that finds
#                        them up before `up` leaves them up at its end)
#   slurmLocal.sh conf   print the SLURM_CONF path only
#
# Everything it writes lives in one state folder ($LANDAU_SLURM_DIR, default /tmp/landau-slurm-local):
# its own slurm.conf (passed to every Slurm command through SLURM_CONF, so an /etc/slurm/slurm.conf that is
# there is never touched), the controller's state, the logs and the pid files. `up` is idempotent: daemons
# that are alive are kept. A daemon that was running before (a munged of the machine) has no pid file of
# ours and is left alone by `down`. Needs root: slurmd starts the jobs as their user.
set -euo pipefail

STATE="${LANDAU_SLURM_DIR:-/tmp/landau-slurm-local}"
NODE=localhost
CPUS="${LANDAU_SLURM_CPUS:-2}"
CONF="$STATE/slurm.conf"
CTLD_PID="$STATE/slurmctld.pid"
SLURMD_PID="$STATE/slurmd.pid"
# munged writes its pid here itself; ours marks that this script started it (and so may stop it).
MUNGE_PID=/run/munge/munged.pid
MUNGE_OURS="$STATE/munged.started"
export SLURM_CONF="$CONF"

say() { echo "[slurmLocal] $*" >&2; }
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

write_conf() {
  mkdir -p "$STATE/ctld" "$STATE/spool" "$STATE/log"
  # slurmctld drops to SlurmUser; slurmd stays root.
  chown slurm:slurm "$STATE/ctld" "$STATE/log"
  chmod 0755 "$STATE"
  cat >"$CONF" <<EOF
# Written by test/cluster/slurmLocal.sh: one node, no cgroups (no systemd to delegate them), no accounting.
ClusterName=landau-test
SlurmctldHost=$NODE
SlurmUser=slurm
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/spool
SlurmctldPidFile=$CTLD_PID
SlurmdPidFile=$SLURMD_PID
SlurmctldLogFile=$STATE/log/slurmctld.log
SlurmdLogFile=$STATE/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
# The default delay (3 s) would hold back every wave of array tasks; the test waits on them.
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
KillWait=5
Waittime=0
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
}

start_munge() {
  if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    say "munged already answers"
    return 0
  fi
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge
  if [ ! -s /etc/munge/munge.key ]; then
    runuser -u munge -- mungekey --create --keyfile=/etc/munge/munge.key
  fi
  # munged refuses a key that others can read.
  chown munge:munge /etc/munge/munge.key
  chmod 0400 /etc/munge/munge.key
  runuser -u munge -- /usr/sbin/munged
  touch "$MUNGE_OURS"
  for _ in $(seq 50); do
    munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  say "munged does not answer"
  return 1
}

wait_node_idle() {
  local st=""
  for _ in $(seq 150); do
    st=$(sinfo -h -n "$NODE" -o %T 2>/dev/null || true)
    case "$st" in
      idle* | mixed* | allocated*) return 0 ;;
      down* | drain*) scontrol update nodename="$NODE" state=resume 2>/dev/null || true ;;
    esac
    sleep 0.2
  done
  say "node $NODE not ready (state: '$st'); see $STATE/log"
  return 1
}

up() {
  for cmd in slurmctld slurmd sbatch munged; do
    command -v "$cmd" >/dev/null || PATH="$PATH:/usr/sbin" command -v "$cmd" >/dev/null || {
      say "$cmd not found: apt-get install slurmctld slurmd slurm-client munge"
      exit 3
    }
  done
  [ "$(id -u)" = 0 ] || {
    say "needs root"
    exit 3
  }
  write_conf
  start_munge
  if alive "$CTLD_PID"; then
    say "slurmctld already running (pid $(cat "$CTLD_PID"))"
  else
    /usr/sbin/slurmctld -i
  fi
  for _ in $(seq 100); do
    scontrol ping 2>/dev/null | grep -q UP && break
    sleep 0.1
  done
  if alive "$SLURMD_PID"; then
    say "slurmd already running (pid $(cat "$SLURMD_PID"))"
  else
    /usr/sbin/slurmd -N "$NODE"
  fi
  wait_node_idle
  echo "$CONF"
}

stop() { # pid file, name
  local p
  [ -s "$1" ] || return 0
  p=$(cat "$1")
  if kill -0 "$p" 2>/dev/null; then
    kill "$p"
    for _ in $(seq 50); do
      kill -0 "$p" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$p" 2>/dev/null; then kill -9 "$p"; fi
    say "$2 stopped (pid $p)"
  fi
  rm -f "$1"
}

down() {
  stop "$SLURMD_PID" slurmd
  stop "$CTLD_PID" slurmctld
  if [ -e "$MUNGE_OURS" ]; then
    stop "$MUNGE_PID" munged
    rm -f "$MUNGE_OURS"
  fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  running) alive "$CTLD_PID" && alive "$SLURMD_PID" ;;
  conf) echo "$CONF" ;;
  *)
    echo "usage: $0 up|down|running|conf" >&2
    exit 2
    ;;
esac
