# The native boot's shared functions, for Debian's runit: its stage 1
# sources /etc/runit/boot-run/*.sh and its stage 3 /etc/runit/shutdown-run/*.sh
# (when /etc/runit/native.boot.run exists); each of those fragments
# sources this file first.  POSIX sh, sourced, never run: nothing here
# may `exit`, and every name we set begins with nb_ (the stage script's
# own variables are left alone).  Every function that reads the system
# takes the root directory as $nb_root (empty: the real one), so that
# tests/native-boot.t runs them on a fake tree.
#
# A failure prints one line on the console naming what failed, and the
# boot goes on; only a failed fsck of the root file system stops it.

nb_root=${nb_root:-}

# nb_say TEXT: one line on the console (stage 1's standard output)
nb_say() { echo "native boot: $*"; }
nb_warn() { echo "native boot: warning: $*"; }

# --- the boot chart -----------------------------------------------------
# Each step's start and end, in seconds since the kernel started (as
# /proc/uptime says), one "START END STEP" a line in $nb_chart, which
# runit-boot-chart shows.  Read and written by the shell: no process.
nb_chart=$nb_root/run/runit/boot-chart
nb_chart_buf=

# nb_now: $nb_up, the seconds since the kernel started
nb_now() { nb_up=; { read -r nb_up nb_rest </proc/uptime; } 2>/dev/null; }

# nb_mark START STEP: STEP, from START to now, into the chart (kept in
# $nb_chart_buf until /run/runit can be written, early in stage 1).
# A job in the background marks its own end: its line is one write.
nb_mark() {
  nb_now
  nb_chart_buf="$nb_chart_buf$1 ${nb_up:-?} $2
"
  { printf '%s' "$nb_chart_buf" >>"$nb_chart"; } 2>/dev/null && nb_chart_buf=
}

# nb_proc_start PID: $nb_up, when process PID started, in seconds since the
# kernel started (the 22nd field of its stat, in ticks of 1/100 s: the
# USER_HZ of every Linux ABI); return 1 when there is no such process
nb_proc_start() {
  nb_up='' nb_st=''
  { read -r nb_st <"$nb_root/proc/$1/stat"; } 2>/dev/null || return 1
  # shellcheck disable=SC2086
  set -- ${nb_st##*)}
  [ -n "${20:-}" ] || return 1
  nb_up=$((${20} % 100))
  [ "$nb_up" -lt 10 ] && nb_up=0$nb_up
  nb_up=$((${20} / 100)).$nb_up
}

# nb_covered NAME: true when the native boot does the work of Debian's
# /etc/init.d/NAME itself, so that it is not run.  THE list: every script
# of /etc/rcS.d, rc0.d and rc6.d not named here still runs (lvm2,
# cryptdisks, networking, keyboard-setup.sh, console-setup.sh, mountnfs.sh,
# brightness, whatever a package brings).  Edit it here only.
nb_covered() {
  case $1 in
    # boot (rcS.d)
    mountkernfs.sh|mountdevsubfs.sh|mount-configfs|hostname.sh|udev|kmod|\
    checkroot.sh|checkroot-bootclean.sh|checkfs.sh|mountall.sh|\
    mountall-bootclean.sh|mountnfs-bootclean.sh|procps|urandom|hwclock.sh|\
    bootmisc.sh) return 0 ;;
    # shutdown (rc0.d, rc6.d): the signals, the unmounts, the halt
    # itself (runit halts or reboots once stage 3 is done)
    sendsigs|umountnfs.sh|umountfs|umountroot|halt|reboot) return 0 ;;
  esac
  return 1
}

# nb_idle NAME: true when Debian's /etc/init.d/NAME would do nothing on
# this machine, so that it is not run either: mountnfs.sh without a
# network file system in /etc/fstab (it waits for those), brightness
# without a backlight it knows (acpi_video0, intel_backlight)
nb_idle() {
  case $1 in
    mountnfs.sh)
      nb_fstab 2>/dev/null | while read -r nb_spec nb_mnt nb_type nb_opts nb_pass; do
        nb_hasopt "$nb_opts" noauto && continue
        case $nb_type in nfs|nfs4|smbfs|cifs|coda|ncp|ncpfs|ceph) exit 1 ;; esac
      done ;;
    brightness)
      [ ! -e "$nb_root/sys/class/backlight/acpi_video0/brightness" ] &&
        [ ! -e "$nb_root/sys/class/backlight/intel_backlight/brightness" ] ;;
    *) return 1 ;;
  esac
}

# nb_udev_wait WHY: wait for udev's trigger and settle in the background
# (20-devices.sh), once, the wait a step of the chart; nothing when udev
# is not running or has settled
nb_udev_wait() {
  [ -n "${nb_settle_pid:-}" ] || return 0
  nb_now; nb_t2=$nb_up
  wait "$nb_settle_pid"
  nb_settle_pid=
  nb_mark "$nb_t2" "waiting for udev: $1"
}

# nb_early SCRIPT: true when SCRIPT's LSB header says it must start
# before the local file systems are checked and mounted (X-Start-Before
# naming checkroot, checkfs or mountall: keyboard-setup, lvm2,
# cryptdisks-early, cryptdisks); those run before the fsck of the root file
# system, the others after everything local is mounted.
nb_early() {
  while IFS= read -r nb_l; do
    case $nb_l in
      '### END INIT INFO'*) return 1 ;;
      '# X-Start-Before:'*)
        case " ${nb_l#*:} " in
          *[\ \	]checkroot*|*[\ \	]checkfs*|*[\ \	]mountall*) return 0 ;;
        esac ;;
    esac
  done <"$1" 2>/dev/null
  return 1
}

# nb_rc_scripts DIR PREFIX [early|late]: the scripts of $nb_root/etc/DIR
# whose names begin with PREFIX (S or K), in order, one a line, that the
# native boot does not cover, that are executable and that
# /etc/runit/no.emulate.sysv.d/NAME does not switch off (as Debian's stage 1
# does); early or late picks by nb_early.
nb_rc_scripts() {
  for nb_s in "$nb_root/etc/$1/$2"*; do
    [ -x "$nb_s" ] || continue
    # the script's name: the link's without S or K and the two digits
    # (insserv makes them so; no readlink process per script)
    nb_n=${nb_s##*/}
    nb_n=${nb_n#[SK][0-9][0-9]}
    nb_covered "$nb_n" && continue
    nb_idle "$nb_n" && continue
    [ -e "$nb_root/etc/runit/no.emulate.sysv.d/$nb_n" ] && continue
    # at shutdown, as Debian's run_sysv_scripts: a script whose service
    # runit supervises (/etc/sv/NAME) was stopped with the services
    [ "$2" = K ] && [ -d "$nb_root/etc/sv/$nb_n" ] && continue
    case ${3:-} in
      early) nb_early "$nb_s" || continue ;;
      late) nb_early "$nb_s" && continue ;;
    esac
    printf '%s\n' "$nb_s"
  done
}

# nb_run_rc DIR PREFIX ARG [early|late]: run those scripts with ARG, one
# after the other (their order is their dependencies), naming each failure.
# A start gets --force-sysv too, as from Debian's stage 1, so that
# runit's hook in the LSB init functions runs the script even when a
# service of /etc/sv has its name (alsa-utils takes a sound card there).
nb_run_rc() {
  nb_run_list "$(nb_rc_scripts "$1" "$2" "${4:-}")" "$3"
}

# nb_run_list LIST ARG: run the scripts of LIST (nb_rc_scripts') with ARG
nb_run_list() {
  for nb_s in $1; do
    nb_sysv=
    [ "$2" = start ] && nb_sysv=--force-sysv
    case $nb_s in *[SK][0-9][0-9]alsa-utils) nb_sysv= ;; esac
    nb_now; nb_t0=$nb_up
    # shellcheck disable=SC2086
    "$nb_s" "$2" $nb_sysv || nb_warn "$nb_s $2 failed (exit code $?), going on"
    nb_mark "$nb_t0" "${nb_s#"$nb_root"/etc/} $2"
  done
}

# --- stage 2 without the rc2.d emulation ----------------------------------
# Debian's /etc/runit/2 runs the rc2.d scripts (run_sysv_scripts, under
# async-timeout) before it starts runsvdir, unless
# /etc/runit/no.emulate.sysv exists.  NATIVE_BOOT=yes installs that as a
# link to $nb_flag, on /run: the native boot creates it at each boot
# only when skipping the emulation loses nothing (nb_stage2).

# nb_rc2_native NAME: true for the rc2.d scripts the native boot does
# itself when it skips the emulation (nb_rc2_jobs)
nb_rc2_native() {
  case $1 in rmnologin|bootlogs|rc.local) return 0 ;; esac
  return 1
}

# nb_script_name LINK: $nb_n, the name of the init.d script LINK leads to, as
# run_sysv_scripts takes it (realpath's last part): the link's name
# without S or K and the two digits when that is the script (test -ef,
# which dash, Debian's /bin/sh, has: no process), else through readlink
nb_script_name() {
  nb_n=${1##*/}
  nb_n=${nb_n#[SK][0-9][0-9]}
  if [ ! "$1" -ef "$nb_root/etc/init.d/$nb_n" ]; then
    nb_n=$(readlink -f "$1" 2>/dev/null) || nb_n=$1
    nb_n=${nb_n##*/}
  fi
}

# nb_rc2_left: the scripts of /etc/rc2.d that Debian's stage 2 would run
# (S*, executable, no runit service /etc/sv/NAME) and that the native
# boot does not do itself and /etc/runit/no.emulate.sysv.d/NAME does not
# switch off; one a line, "LINK NAME".  Nothing: the emulation loses nothing.
nb_rc2_left() {
  for nb_s in "$nb_root"/etc/rc2.d/S*; do
    [ -x "$nb_s" ] || continue
    nb_script_name "$nb_s"
    nb_rc2_native "$nb_n" && continue
    [ -d "$nb_root/etc/sv/$nb_n" ] && continue
    [ -e "$nb_root/etc/runit/no.emulate.sysv.d/$nb_n" ] && continue
    echo "${nb_s#"$nb_root"} $nb_n"
  done
}

nb_flag=$nb_root/run/runit/no.emulate.sysv
nb_switch=$nb_root/etc/runit/no.emulate.sysv

# nb_stage2: decide whether Debian's stage 2 skips the rc2.d emulation:
# create $nb_flag, which the link $nb_switch leads to, when nb_rc2_left
# finds nothing, and return 0: then the native boot must do what
# rmnologin, bootlogs and rc.local do (nb_rc2_jobs).  Return 1, the
# emulation on (each script that keeps it on named on the console), when
# a script is left, and also when $nb_switch is not our link (none, or
# the administrator's own file: then Debian's stage 2 decides as always).
nb_stage2() {
  [ -e "$nb_flag" ] && rm -f "$nb_flag"
  # ours: a link that leads nowhere before the flag exists
  [ -L "$nb_switch" ] && [ ! -e "$nb_switch" ] || return 1
  nb_left=$(nb_rc2_left)
  if [ -n "$nb_left" ]; then
    echo "$nb_left" | while read -r nb_s nb_n; do
      nb_say "$nb_s: no runit service /etc/sv/$nb_n, so Debian's stage 2 runs /etc/rc2.d before the services"
    done
    return 1
  fi
  { : >"$nb_flag"; } 2>/dev/null || { nb_warn "unable to create $nb_flag: Debian's stage 2 runs /etc/rc2.d"; return 1; }
  if [ ! "$nb_switch" -ef "$nb_flag" ]; then
    rm -f "$nb_flag"
    nb_warn "$nb_switch does not lead to $nb_flag: Debian's stage 2 runs /etc/rc2.d"
    return 1
  fi
  return 0
}

# nb_rc2_jobs: what Debian's rc2.d scripts rmnologin, bootlogs and
# rc.local do, for a stage 2 without the emulation.  bootlogs and rc.local
# run in the background (the services start meanwhile), bootlogs at the
# lowest priority; a failed /etc/rc.local is named on the console.
nb_rc2_jobs() {
  # rmnologin: /run/nologin (bootmisc's, DELAYLOGIN=yes) goes
  case $(nb_rcS_var DELAYLOGIN) in
    [Yy]*) [ -e "$nb_root/run/nologin" ] && rm -f "$nb_root/run/nologin" ;;
  esac
  # bootlogs: the kernel's messages into /var/log/dmesg, the last five
  # kept by savelog (root:adm, 640 when new)
  if command -v dmesg >/dev/null 2>&1; then
    (
      nb_now; nb_t0=$nb_up
      nb_f=$nb_root/var/log/dmesg
      umask 027
      if [ -f "$nb_f" ]; then
        nice -n 19 savelog -q -p -c 5 "$nb_f" >/dev/null 2>&1
      elif { : >"$nb_f"; } 2>/dev/null; then
        nice -n 19 chown root:adm "$nb_f" 2>/dev/null
      fi
      { nice -n 19 dmesg -s 524288 >"$nb_f"; } 2>/dev/null || nb_warn "unable to save the kernel's messages in $nb_f"
      nb_mark "$nb_t0" "bootlogs (/var/log/dmesg)"
    ) &
  fi
  # rc.local, when executable
  if [ -x "$nb_root/etc/rc.local" ]; then
    (
      nb_now; nb_t0=$nb_up
      "$nb_root/etc/rc.local" || nb_warn "/etc/rc.local failed (exit code $?)"
      nb_mark "$nb_t0" "/etc/rc.local"
    ) &
  fi
}

# nb_fstab: the entries of $nb_root/etc/fstab, one a line as
# "SPEC MOUNTPOINT TYPE OPTIONS PASS", comments and blank lines left out,
# the octal escapes of SPEC and MOUNTPOINT (\040 a space) kept as they
# are.  A missing or unreadable fstab: a line saying so, return 1.
nb_fstab() {
  if [ ! -f "$nb_root/etc/fstab" ] || [ ! -r "$nb_root/etc/fstab" ]; then
    nb_warn "/etc/fstab is missing or unreadable: no local file system is checked or mounted"
    return 1
  fi
  while read -r nb_spec nb_mnt nb_type nb_opts nb_dump nb_pass nb_rest; do
    case $nb_spec in ''|'#'*) continue ;; esac
    [ -n "$nb_mnt" ] || continue
    printf '%s %s %s %s %s\n' "$nb_spec" "$nb_mnt" "${nb_type:-auto}" \
      "${nb_opts:-defaults}" "${nb_pass:-0}"
  done <"$nb_root/etc/fstab"
}

# nb_hasopt OPTIONS NAME: true when the comma-separated OPTIONS hold NAME
nb_hasopt() { case ,$1, in *,"$2",*) return 0 ;; esac; return 1; }

# nb_fstab_local: the entries of nb_fstab to check and mount at boot: not
# the root file system, not swap, not noauto, not on the network (a
# network type or _netdev: mountnfs.sh mounts those once the network is
# up), not the kernel's own (already mounted by the native boot)
nb_fstab_local() {
  nb_fstab | while read -r nb_spec nb_mnt nb_type nb_opts nb_pass; do
    [ "$nb_mnt" = / ] && continue
    case $nb_type in
      swap|ignore|nfs|nfs4|smbfs|cifs|ncp|ncpfs|coda|ocfs2|gfs|gfs2|ceph|\
      glusterfs|sshfs|fuse.sshfs|9p|davfs|proc|sysfs|devpts|devtmpfs) continue ;;
    esac
    nb_hasopt "$nb_opts" noauto && continue
    nb_hasopt "$nb_opts" _netdev && continue
    printf '%s %s %s %s %s\n' "$nb_spec" "$nb_mnt" "$nb_type" "$nb_opts" "$nb_pass"
  done
}

# nb_fstab_root: the root file system's entry, "SPEC TYPE OPTIONS PASS"
nb_fstab_root() {
  nb_fstab 2>/dev/null | while read -r nb_spec nb_mnt nb_type nb_opts nb_pass; do
    [ "$nb_mnt" = / ] && { echo "$nb_spec $nb_type $nb_opts $nb_pass"; break; }
  done
}

# nb_device SPEC: the device file SPEC names (UUID=, LABEL=, PARTUUID=,
# PARTLABEL= through udev's links in /dev/disk), printed when it exists;
# return 1 when it does not.  A SPEC that is no device (tmpfs, none) is
# printed as it is.
nb_device() {
  case $1 in
    UUID=*) nb_d=$nb_root/dev/disk/by-uuid/${1#*=} ;;
    LABEL=*) nb_d=$nb_root/dev/disk/by-label/${1#*=} ;;
    PARTUUID=*) nb_d=$nb_root/dev/disk/by-partuuid/${1#*=} ;;
    PARTLABEL=*) nb_d=$nb_root/dev/disk/by-partlabel/${1#*=} ;;
    /*) nb_d=$nb_root$1 ;;
    *) echo "$1"; return 0 ;;
  esac
  [ -e "$nb_d" ] || return 1
  echo "$nb_d"
}

# nb_conf_files DIR...: the *.conf files of the directories DIR (under
# $nb_root), in the order systemd and procps read them: by name, a name
# in an earlier directory hiding the same name in a later one
nb_conf_files() {
  nb_seen=' '
  for nb_dir; do
    for nb_f in "$nb_root$nb_dir"/*.conf; do
      [ -f "$nb_f" ] || continue
      nb_b=${nb_f##*/}
      case $nb_seen in *" $nb_b "*) continue ;; esac
      nb_seen="$nb_seen$nb_b "
      printf '%s %s\n' "$nb_b" "$nb_f"
    done
  done | sort -k1,1 | while read -r nb_b nb_f; do echo "$nb_f"; done
}

nb_sysctl_dirs='/etc/sysctl.d /run/sysctl.d /usr/local/lib/sysctl.d /usr/lib/sysctl.d /lib/sysctl.d'
nb_modules_dirs='/etc/modules-load.d /run/modules-load.d /usr/local/lib/modules-load.d /usr/lib/modules-load.d /lib/modules-load.d'

# nb_sysctl_files: the sysctl settings files in the order sysctl --system
# applies them: the sysctl.d directories, then /etc/sysctl.conf last
nb_sysctl_files() {
  # shellcheck disable=SC2086
  nb_conf_files $nb_sysctl_dirs
  [ -f "$nb_root/etc/sysctl.conf" ] && echo "$nb_root/etc/sysctl.conf"
  return 0
}

# nb_sysctl_apply: write every setting of those files into
# $nb_root/proc/sys, no process per setting.  "key = value" or
# "key.sub/x = value"; a leading - ignores a failure; # and ; begin comments.
# A setting that cannot be written: a line naming it and its file.
nb_sysctl_apply() {
  for nb_f in $(nb_sysctl_files); do
    while IFS= read -r nb_l || [ -n "$nb_l" ]; do
      case $nb_l in ''|'#'*|';'*) continue ;; esac
      case $nb_l in *=*) ;; *) continue ;; esac
      nb_k=${nb_l%%=*} nb_v=${nb_l#*=}
      # trim the blanks around key and value
      nb_k=${nb_k#"${nb_k%%[! 	]*}"} nb_k=${nb_k%"${nb_k##*[! 	]}"}
      nb_v=${nb_v#"${nb_v%%[! 	]*}"} nb_v=${nb_v%"${nb_v##*[! 	]}"}
      nb_q=
      case $nb_k in -*) nb_q=1 nb_k=${nb_k#-} ;; esac
      # the first separator decides: dots become slashes unless it is a slash
      nb_p=$nb_k
      case $nb_k in
        */*) ;;
        *) while :; do
             case $nb_p in *.*) nb_p=${nb_p%%.*}/${nb_p#*.} ;; *) break ;; esac
           done ;;
      esac
      case $nb_p in *'*'*|*'..'*) nb_warn "sysctl $nb_k in $nb_f: patterns are not supported, left out"; continue ;; esac
      if [ ! -f "$nb_root/proc/sys/$nb_p" ]; then
        [ -n "$nb_q" ] || nb_warn "sysctl: no such setting: $nb_k in $nb_f"
      elif ! { echo "$nb_v" >"$nb_root/proc/sys/$nb_p"; } 2>/dev/null; then
        [ -n "$nb_q" ] || nb_warn "sysctl: unable to set $nb_k in $nb_f"
      fi
    done <"$nb_f"
  done
}

# nb_modules: the kernel modules to load, one a line, in order, each
# once: /etc/modules, then the modules-load.d files
nb_modules() {
  {
    [ -r "$nb_root/etc/modules" ] && cat "$nb_root/etc/modules"
    # shellcheck disable=SC2086
    for nb_f in $(nb_conf_files $nb_modules_dirs); do cat "$nb_f"; done
  } 2>/dev/null | while read -r nb_m nb_args; do
    case $nb_m in ''|'#'*|';'*) continue ;; esac
    echo "$nb_m${nb_args:+ $nb_args}"
  done | awk '!seen[$1]++'
}

# nb_load_modules: load them, one modprobe for all when every one loads;
# a module that does not: a line naming it
nb_load_modules() {
  nb_mods=$(nb_modules)
  [ -n "$nb_mods" ] || return 0
  command -v modprobe >/dev/null 2>&1 || { nb_warn "kernel modules: modprobe not installed, none loaded"; return 0; }
  # modules with arguments need a modprobe each
  nb_plain=$(echo "$nb_mods" | awk 'NF == 1')
  # shellcheck disable=SC2086
  if [ -n "$nb_plain" ] && ! modprobe -a -b -q $nb_plain 2>/dev/null; then
    for nb_m in $nb_plain; do
      modprobe -b -q "$nb_m" 2>/dev/null || nb_warn "kernel module $nb_m: unable to load"
    done
  fi
  echo "$nb_mods" | awk 'NF > 1' | while read -r nb_m nb_args; do
    # shellcheck disable=SC2086
    modprobe -b -q "$nb_m" $nb_args 2>/dev/null || nb_warn "kernel module $nb_m: unable to load"
  done
}

# nb_rcS_var NAME: NAME's value in $nb_root/etc/default/rcS (DELAYLOGIN,
# TMPTIME, FSCKFIX), read without sourcing the file into the stage script
nb_rcS_var() {
  nb_val=
  [ -r "$nb_root/etc/default/rcS" ] || return 0
  while IFS= read -r nb_l; do
    case $nb_l in "$1="*) nb_val=${nb_l#*=} ;; esac
  done <"$nb_root/etc/default/rcS"
  nb_val=${nb_val#[\"\']} nb_val=${nb_val%[\"\']}
  echo "$nb_val"
}

# nb_mounted MOUNTPOINT [OPTION]: true when MOUNTPOINT is in
# $nb_root/proc/mounts (with OPTION among its options, when given)
nb_mounted() {
  while read -r nb_a nb_b nb_c nb_o nb_rest; do
    [ "$nb_b" = "$1" ] || continue
    [ -z "${2:-}" ] && return 0
    nb_hasopt "$nb_o" "$2" && return 0
  done <"$nb_root/proc/mounts" 2>/dev/null
  return 1
}

# nb_emergency TEXT: TEXT on the console, then a root shell there
# (sulogin, as Debian's checkroot.sh does); when it ends, reboot at once
nb_emergency() {
  echo "native boot: fatal: $*" >/dev/console 2>&1
  echo "native boot: repair it in this shell (fsck by hand); the machine reboots when the shell ends." >/dev/console 2>&1
  if command -v sulogin >/dev/null 2>&1; then
    sulogin --force /dev/console
  else
    /bin/sh -i </dev/console >/dev/console 2>&1
  fi
  nb_reboot_now
}

# nb_reboot_now: reboot at once, nothing left to write back (the root
# file system is read-only): the kernel's sysrq, else reboot -f
nb_reboot_now() {
  sync
  { echo b >"$nb_root/proc/sysrq-trigger"; } 2>/dev/null
  reboot -f
}

# nb_user_pids: the processes a shutdown signals, one pid a line: every
# process of $nb_root/proc but process 1, kernel threads, zombies, the
# shell running this ($$), the shutdown's own jobs ($nb_keep: hwclock) and
# the pids listed in Debian's /run/sendsigs.omit and /run/sendsigs.omit.d/*
# (root on the network, mdmon)
nb_user_pids() {
  # and the subshell of $(nb_user_pids) itself, which /proc/self names
  nb_me=
  { read -r nb_me nb_rest <"$nb_root/proc/self/stat"; } 2>/dev/null
  nb_omit=" 1 $$ $nb_me ${nb_keep:-} "
  for nb_f in "$nb_root/run/sendsigs.omit" "$nb_root"/run/sendsigs.omit.d/*; do
    [ -r "$nb_f" ] || continue
    while read -r nb_p nb_rest; do nb_omit="$nb_omit$nb_p "; done <"$nb_f"
  done
  for nb_d in "$nb_root"/proc/[0-9]*; do
    nb_p=${nb_d##*/}
    case $nb_omit in *" $nb_p "*) continue ;; esac
    nb_alive "$nb_p" && echo "$nb_p"
  done
}

# nb_alive PID: true when $nb_root/proc/PID is a process a shutdown waits
# for: there, not a zombie, not a kernel thread (PF_KTHREAD, 0x200000,
# in the flags, the 9th field of its stat; the 2nd, the name, may hold
# blanks and parentheses, so the fields are counted after its last ")")
nb_alive() {
  nb_st=
  { read -r nb_st <"$nb_root/proc/$1/stat"; } 2>/dev/null || [ -n "$nb_st" ] || return 1
  # shellcheck disable=SC2086
  set -- ${nb_st##*)}
  [ "$1" != Z ] && [ "$1" != X ] && [ $(( ${7:-0} & 0x200000 )) = 0 ]
}

# nb_umount_list: the mount points a shutdown unmounts, innermost first
# (the reverse of $nb_root/proc/mounts): neither the root file system nor
# the kernel's own (they hold nothing to write back)
nb_umount_list() {
  nb_all=
  while read -r nb_a nb_b nb_c nb_rest; do
    case $nb_c in
      proc|sysfs|devtmpfs|devpts|tmpfs|ramfs|rootfs|cgroup|cgroup2|securityfs|\
      debugfs|tracefs|pstore|bpf|configfs|fusectl|mqueue|hugetlbfs|\
      binfmt_misc|efivarfs|autofs|selinuxfs|rpc_pipefs|nsfs) continue ;;
    esac
    [ "$nb_b" = / ] && continue
    nb_all="$nb_b
$nb_all"
  done <"$nb_root/proc/mounts" 2>/dev/null
  printf '%s' "$nb_all"
}

# nb_root_fs [SPEC TYPE OPTIONS PASS]: the root file system (its fstab
# entry, or nothing) checked when it is read-only and PASS is not 0 (not
# with fastboot or fsck.mode=skip on the kernel command line, /fastboot,
# an initramfs that checked it, btrfs), then remounted read-write unless
# OPTIONS say ro.  fsck's exit code 2 or 3 (repaired, reboot needed):
# reboot; above 3: nb_emergency.  As checkroot.sh does.
nb_root_fs() {
  nb_rdev=${1:-} nb_rtype=${2:-auto} nb_ropts=${3:-defaults} nb_rpass=${4:-0}
  nb_check=yes nb_force=
  [ -z "$nb_rdev" ] || [ "$nb_rpass" = 0 ] && nb_check=no
  [ -e "$nb_root/run/initramfs/fsck-root" ] && nb_check=no
  case " $(cat "$nb_root/proc/cmdline" 2>/dev/null) " in
    *" fastboot "*|*" fsck.mode=skip "*) nb_check=no ;;
    *" forcefsck "*|*" fsck.mode=force "*) nb_force=-f ;;
  esac
  [ -e "$nb_root/fastboot" ] && nb_check=no
  [ -e "$nb_root/forcefsck" ] && nb_force=-f
  [ "$nb_rtype" = btrfs ] && nb_check=no
  nb_mounted / rw && nb_check=no    # fsck only what is read-only
  command -v fsck >/dev/null 2>&1 || nb_check=no
  if [ $nb_check = yes ]; then
    if nb_d=$(nb_device "$nb_rdev"); then
      nb_fix=-a
      [ "$(nb_rcS_var FSCKFIX)" = yes ] && nb_fix=-y
      nb_say "checking the root file system ($nb_rdev)"
      nb_t=
      [ "$nb_rtype" != auto ] && nb_t="-t $nb_rtype"
      # shellcheck disable=SC2086
      fsck $nb_force $nb_fix -T $nb_t "$nb_d"
      nb_code=$?
      case $nb_code in
        0|1|32) ;;
        2|3)
          nb_say "fsck repaired the root file system ($nb_rdev): rebooting"
          nb_reboot_now ;;
        *) nb_emergency "the check of the root file system ($nb_rdev) failed (fsck exit code $nb_code)" ;;
      esac
    else
      nb_warn "root file system: $nb_rdev (in /etc/fstab) does not exist, not checked"
    fi
  fi
  if nb_hasopt "$nb_ropts" ro; then
    :
  elif ! nb_mounted / rw; then
    mount -o remount,rw / || nb_warn "unable to remount the root file system read-write"
  fi
}
