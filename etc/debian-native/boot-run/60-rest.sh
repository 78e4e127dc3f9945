# Native boot, 6 of 6: every other script of /etc/rcS.d, in its order
# (networking, mountnfs.sh, console-setup.sh, brightness, what packages
# bring), once the modules are loaded and everything local is mounted;
# then the background jobs are waited for, and the boot's time is shown.
[ -n "$nb_mod_pid" ] && wait "$nb_mod_pid"
nb_run_rc rcS.d S start late
wait
{ read -r nb_now nb_rest </proc/uptime; } 2>/dev/null
nb_say "done, ${nb_now:-?} s after the kernel started (stage 1 began at ${nb_start:-?} s)"
