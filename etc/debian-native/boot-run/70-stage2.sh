# Native boot, 7 of 7: stage 2 without waiting.  Debian's /etc/runit/2
# runs the rc2.d scripts before runsvdir unless /etc/runit/no.emulate.sysv
# exists; make install NATIVE_BOOT=yes made that a link to
# /run/runit/no.emulate.sysv, which nb_stage2 creates, at every boot,
# only when every script of /etc/rc2.d is one done here (rmnologin,
# bootlogs, rc.local), has a runit service (/etc/sv/NAME), or is switched
# off by /etc/runit/no.emulate.sysv.d/NAME.  Then what the three do is
# done here, bootlogs and rc.local in the background.  Last, stage 1's
# own line in the boot chart, and its time on the console.
nb_now; nb_t0=$nb_up
if nb_stage2; then
  nb_rc2_jobs
  nb_mark "$nb_t0" "rc2.d emulation off: rmnologin, bootlogs, rc.local done natively (70-stage2.sh)"
else
  nb_mark "$nb_t0" "rc2.d emulation on: Debian's stage 2 runs /etc/rc2.d (70-stage2.sh)"
fi
nb_mark "${nb_stage1:-?}" "stage 1 (/etc/runit/1)"
{ echo "0.00 ${nb_stage1:-?} the kernel and runit, until stage 1 began" >>"$nb_chart"; } 2>/dev/null
nb_say "done, $nb_up s after the kernel started (stage 1 began at ${nb_stage1:-?} s); runit-boot-chart shows the steps"
