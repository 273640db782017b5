/* OpenCFStream compat: <CoreFoundation/CFRunLoop.h>. Run loops, modes, version-0 sources and
 * timers. */
#ifndef OCFS_COMPAT_CFRUNLOOP_H
#define OCFS_COMPAT_CFRUNLOOP_H

#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFArray.h>

typedef ocfs_run_loop_ref CFRunLoopRef;
typedef ocfs_run_loop_source_ref CFRunLoopSourceRef;
typedef ocfs_run_loop_timer_ref CFRunLoopTimerRef;
typedef CFStringRef CFRunLoopMode;
typedef ocfs_run_loop_source_context CFRunLoopSourceContext;
typedef ocfs_run_loop_timer_context CFRunLoopTimerContext;
typedef void (*CFRunLoopTimerCallBack)(CFRunLoopTimerRef timer, void *info);

typedef CF_ENUM(SInt32, CFRunLoopRunResult) {
  kCFRunLoopRunFinished = 1,
  kCFRunLoopRunStopped = 2,
  kCFRunLoopRunTimedOut = 3,
  kCFRunLoopRunHandledSource = 4,
};

#define kCFRunLoopDefaultMode (ocfs_run_loop_default_mode)
#define kCFRunLoopCommonModes (ocfs_run_loop_common_modes)

CF_EXTERN_C_BEGIN

CF_INLINE CFAbsoluteTime CFAbsoluteTimeGetCurrent(void) {
  return (CFAbsoluteTime)ocfs_absolute_time_get_current();
}
CF_INLINE CFTypeID CFRunLoopGetTypeID(void) {
  return (CFTypeID)ocfs_run_loop_get_type_id();
}
CF_INLINE CFRunLoopRef CFRunLoopGetCurrent(void) {
  return (CFRunLoopRef)ocfs_run_loop_get_current();
}
CF_INLINE CFRunLoopRef CFRunLoopGetMain(void) {
  return (CFRunLoopRef)ocfs_run_loop_get_main();
}
CF_INLINE void CFRunLoopRun(void) {
  ocfs_run_loop_run();
}
CF_INLINE CFRunLoopRunResult CFRunLoopRunInMode(CFRunLoopMode mode, CFTimeInterval seconds,
                                                Boolean returnAfterSourceHandled) {
  return (CFRunLoopRunResult)ocfs_run_loop_run_in_mode(mode, seconds, returnAfterSourceHandled);
}
CF_INLINE void CFRunLoopStop(CFRunLoopRef rl) {
  ocfs_run_loop_stop(rl);
}
CF_INLINE void CFRunLoopWakeUp(CFRunLoopRef rl) {
  ocfs_run_loop_wake_up(rl);
}
CF_INLINE Boolean CFRunLoopIsWaiting(CFRunLoopRef rl) {
  return (Boolean)ocfs_run_loop_is_waiting(rl);
}
CF_INLINE CFRunLoopMode CFRunLoopCopyCurrentMode(CFRunLoopRef rl) {
  return (CFRunLoopMode)ocfs_run_loop_copy_current_mode(rl);
}
CF_INLINE CFArrayRef CFRunLoopCopyAllModes(CFRunLoopRef rl) {
  return (CFArrayRef)ocfs_run_loop_copy_all_modes(rl);
}
CF_INLINE void CFRunLoopAddCommonMode(CFRunLoopRef rl, CFRunLoopMode mode) {
  ocfs_run_loop_add_common_mode(rl, mode);
}
CF_INLINE CFTypeID CFRunLoopSourceGetTypeID(void) {
  return (CFTypeID)ocfs_run_loop_source_get_type_id();
}
CF_INLINE CFRunLoopSourceRef CFRunLoopSourceCreate(CFAllocatorRef allocator, CFIndex order,
                                                   CFRunLoopSourceContext *context) {
  return (CFRunLoopSourceRef)ocfs_run_loop_source_create(allocator, order, context);
}
CF_INLINE void CFRunLoopSourceSignal(CFRunLoopSourceRef source) {
  ocfs_run_loop_source_signal(source);
}
CF_INLINE void CFRunLoopSourceInvalidate(CFRunLoopSourceRef source) {
  ocfs_run_loop_source_invalidate(source);
}
CF_INLINE Boolean CFRunLoopSourceIsValid(CFRunLoopSourceRef source) {
  return (Boolean)ocfs_run_loop_source_is_valid(source);
}
CF_INLINE CFIndex CFRunLoopSourceGetOrder(CFRunLoopSourceRef source) {
  return (CFIndex)ocfs_run_loop_source_get_order(source);
}
CF_INLINE void CFRunLoopSourceGetContext(CFRunLoopSourceRef source,
                                         CFRunLoopSourceContext *context) {
  ocfs_run_loop_source_get_context(source, context);
}
CF_INLINE void CFRunLoopAddSource(CFRunLoopRef rl, CFRunLoopSourceRef source, CFRunLoopMode mode) {
  ocfs_run_loop_add_source(rl, source, mode);
}
CF_INLINE void CFRunLoopRemoveSource(CFRunLoopRef rl, CFRunLoopSourceRef source,
                                     CFRunLoopMode mode) {
  ocfs_run_loop_remove_source(rl, source, mode);
}
CF_INLINE Boolean CFRunLoopContainsSource(CFRunLoopRef rl, CFRunLoopSourceRef source,
                                          CFRunLoopMode mode) {
  return (Boolean)ocfs_run_loop_contains_source(rl, source, mode);
}
CF_INLINE CFTypeID CFRunLoopTimerGetTypeID(void) {
  return (CFTypeID)ocfs_run_loop_timer_get_type_id();
}
CF_INLINE CFRunLoopTimerRef CFRunLoopTimerCreate(CFAllocatorRef allocator, CFAbsoluteTime fireDate,
                                                 CFTimeInterval interval, CFOptionFlags flags,
                                                 CFIndex order, CFRunLoopTimerCallBack callout,
                                                 CFRunLoopTimerContext *context) {
  return ocfs_run_loop_timer_create(allocator, fireDate, interval, flags, order,
                                    (ocfs_run_loop_timer_callback)callout, context);
}
CF_INLINE void CFRunLoopTimerInvalidate(CFRunLoopTimerRef timer) {
  ocfs_run_loop_timer_invalidate(timer);
}
CF_INLINE Boolean CFRunLoopTimerIsValid(CFRunLoopTimerRef timer) {
  return (Boolean)ocfs_run_loop_timer_is_valid(timer);
}
CF_INLINE CFAbsoluteTime CFRunLoopTimerGetNextFireDate(CFRunLoopTimerRef timer) {
  return (CFAbsoluteTime)ocfs_run_loop_timer_get_next_fire_date(timer);
}
CF_INLINE void CFRunLoopTimerSetNextFireDate(CFRunLoopTimerRef timer, CFAbsoluteTime fireDate) {
  ocfs_run_loop_timer_set_next_fire_date(timer, fireDate);
}
CF_INLINE CFTimeInterval CFRunLoopTimerGetInterval(CFRunLoopTimerRef timer) {
  return (CFTimeInterval)ocfs_run_loop_timer_get_interval(timer);
}
CF_INLINE Boolean CFRunLoopTimerDoesRepeat(CFRunLoopTimerRef timer) {
  return (Boolean)ocfs_run_loop_timer_does_repeat(timer);
}
CF_INLINE CFIndex CFRunLoopTimerGetOrder(CFRunLoopTimerRef timer) {
  return (CFIndex)ocfs_run_loop_timer_get_order(timer);
}
CF_INLINE void CFRunLoopTimerGetContext(CFRunLoopTimerRef timer, CFRunLoopTimerContext *context) {
  ocfs_run_loop_timer_get_context(timer, context);
}
CF_INLINE void CFRunLoopAddTimer(CFRunLoopRef rl, CFRunLoopTimerRef timer, CFRunLoopMode mode) {
  ocfs_run_loop_add_timer(rl, timer, mode);
}
CF_INLINE void CFRunLoopRemoveTimer(CFRunLoopRef rl, CFRunLoopTimerRef timer, CFRunLoopMode mode) {
  ocfs_run_loop_remove_timer(rl, timer, mode);
}
CF_INLINE Boolean CFRunLoopContainsTimer(CFRunLoopRef rl, CFRunLoopTimerRef timer,
                                         CFRunLoopMode mode) {
  return (Boolean)ocfs_run_loop_contains_timer(rl, timer, mode);
}

CF_EXTERN_C_END

#endif /* OCFS_COMPAT_CFRUNLOOP_H */
