# Native boot, 6 of 7: every other script of /etc/rcS.d, in its order
# (networking, mountnfs.sh, console-setup.sh, brightness, what packages
# bring), once the modules are loaded and everything local is mounted;
# then the background jobs are waited for (a service must not find /tmp
# being cleaned).
nb_now; nb_t0=$nb_up
[ -n "$nb_mod_pid" ] && wait "$nb_mod_pid" && nb_mark "$nb_t0" "waiting for the kernel modules"
nb_run_rc rcS.d S start late
nb_now; nb_t0=$nb_up
wait
nb_mark "$nb_t0" "waiting for the jobs in the background"
