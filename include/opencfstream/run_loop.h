/* OpenCFStream: run loops (CFRunLoop).
 *
 * One run loop per thread (ocfs_run_loop_get_current), running in named modes. Version-0 sources
 * are signalled from any thread and performed by the run loop they are scheduled on; timers fire
 * at absolute times (seconds since 2001-01-01, CFAbsoluteTime). Streams deliver their events
 * through a source of their own.
 *
 * Threading: a run loop runs on its own thread only. Signalling a source, ocfs_run_loop_wake_up
 * and ocfs_run_loop_stop are safe from any thread, as are adding and removing sources and timers.
 * Callbacks run on the run loop's thread with no library lock held. */
#ifndef OPENCFSTREAM_RUN_LOOP_H
#define OPENCFSTREAM_RUN_LOOP_H

#include "array.h"
#include "base.h"

OCFS_EXTERN_C_BEGIN

typedef struct ocfs_run_loop *ocfs_run_loop_ref;
typedef struct ocfs_run_loop_source *ocfs_run_loop_source_ref;
typedef struct ocfs_run_loop_timer *ocfs_run_loop_timer_ref;
typedef ocfs_string_ref ocfs_run_loop_mode;
typedef double ocfs_time_interval;
typedef ocfs_time_interval ocfs_absolute_time;

/* "kCFRunLoopDefaultMode" and the "kCFRunLoopCommonModes" pseudo-mode (the set of common modes,
 * which starts with the default mode). */
OCFS_EXPORT extern const ocfs_string_ref ocfs_run_loop_default_mode;
OCFS_EXPORT extern const ocfs_string_ref ocfs_run_loop_common_modes;

typedef int32_t ocfs_run_loop_run_result;
enum {
  OCFS_RUN_LOOP_RUN_FINISHED = 1,      /* the mode has no sources or timers */
  OCFS_RUN_LOOP_RUN_STOPPED = 2,       /* ocfs_run_loop_stop */
  OCFS_RUN_LOOP_RUN_TIMED_OUT = 3,     /* the time ran out */
  OCFS_RUN_LOOP_RUN_HANDLED_SOURCE = 4 /* a source was performed (when asked to return then) */
};

/* Seconds since 2001-01-01 00:00:00 UTC, as CFAbsoluteTimeGetCurrent. */
OCFS_EXPORT ocfs_absolute_time ocfs_absolute_time_get_current(void);

OCFS_EXPORT ocfs_type_id ocfs_run_loop_get_type_id(void);
/* The calling thread's run loop, created on first use and kept until the thread ends. Borrowed. */
OCFS_EXPORT ocfs_run_loop_ref ocfs_run_loop_get_current(void);
/* The run loop of the thread that initialised the library (normally the main thread). Borrowed. */
OCFS_EXPORT ocfs_run_loop_ref ocfs_run_loop_get_main(void);
/* Runs the default mode until stopped or until it has nothing left to run. */
OCFS_EXPORT void ocfs_run_loop_run(void);
/* Runs the current thread's run loop in `mode` (possibly nested inside another run) for at most
 * `seconds`. Returns one of OCFS_RUN_LOOP_RUN_*. */
OCFS_EXPORT ocfs_run_loop_run_result ocfs_run_loop_run_in_mode(
    ocfs_run_loop_mode mode, ocfs_time_interval seconds, ocfs_bool return_after_source_handled);
/* Makes the innermost run of `run_loop` return OCFS_RUN_LOOP_RUN_STOPPED (the next run, if it is
 * not running). Any thread. */
OCFS_EXPORT void ocfs_run_loop_stop(ocfs_run_loop_ref run_loop);
/* Wakes `run_loop` if it waits, so it notices signalled sources. Any thread. */
OCFS_EXPORT void ocfs_run_loop_wake_up(ocfs_run_loop_ref run_loop);
OCFS_EXPORT ocfs_bool ocfs_run_loop_is_waiting(ocfs_run_loop_ref run_loop);
/* The mode of the innermost run, +1; NULL when not running. */
OCFS_EXPORT ocfs_run_loop_mode ocfs_run_loop_copy_current_mode(ocfs_run_loop_ref run_loop);
/* Every mode the run loop knows, +1 (an array of strings). */
OCFS_EXPORT ocfs_array_ref ocfs_run_loop_copy_all_modes(ocfs_run_loop_ref run_loop);
/* Adds `mode` to the common modes: everything added for the common modes joins it too. */
OCFS_EXPORT void ocfs_run_loop_add_common_mode(ocfs_run_loop_ref run_loop, ocfs_run_loop_mode mode);

/* ---- Version-0 sources ---------------------------------------------------------------------- */

/* Same layout as CFRunLoopSourceContext (version 0). */
typedef struct ocfs_run_loop_source_context {
  ocfs_index version; /* must be 0 */
  void *info;
  const void *(*retain)(const void *info);
  void (*release)(const void *info);
  ocfs_string_ref (*copyDescription)(const void *info); /* Apple's field names */
  ocfs_bool (*equal)(const void *info1, const void *info2);
  ocfs_hash_code (*hash)(const void *info);
  void (*schedule)(void *info, ocfs_run_loop_ref run_loop, ocfs_run_loop_mode mode);
  void (*cancel)(void *info, ocfs_run_loop_ref run_loop, ocfs_run_loop_mode mode);
  void (*perform)(void *info);
} ocfs_run_loop_source_context;

OCFS_EXPORT ocfs_type_id ocfs_run_loop_source_get_type_id(void);
/* NULL for a NULL context or a version other than 0. The context is copied; info is retained. */
OCFS_EXPORT ocfs_run_loop_source_ref ocfs_run_loop_source_create(
    ocfs_allocator_ref allocator, ocfs_index order, ocfs_run_loop_source_context *context);
/* Marks the source ready; the run loops it is scheduled on perform it once, the next time they
 * run in one of its modes. Any thread; does not wake the run loop (see wake_up). */
OCFS_EXPORT void ocfs_run_loop_source_signal(ocfs_run_loop_source_ref source);
/* Removes the source from every run loop and mode (calling cancel) and stops it for good. */
OCFS_EXPORT void ocfs_run_loop_source_invalidate(ocfs_run_loop_source_ref source);
OCFS_EXPORT ocfs_bool ocfs_run_loop_source_is_valid(ocfs_run_loop_source_ref source);
OCFS_EXPORT ocfs_index ocfs_run_loop_source_get_order(ocfs_run_loop_source_ref source);
OCFS_EXPORT void ocfs_run_loop_source_get_context(ocfs_run_loop_source_ref source,
                                                  ocfs_run_loop_source_context *context);
OCFS_EXPORT void ocfs_run_loop_add_source(ocfs_run_loop_ref run_loop,
                                          ocfs_run_loop_source_ref source, ocfs_run_loop_mode mode);
OCFS_EXPORT void ocfs_run_loop_remove_source(ocfs_run_loop_ref run_loop,
                                             ocfs_run_loop_source_ref source,
                                             ocfs_run_loop_mode mode);
OCFS_EXPORT ocfs_bool ocfs_run_loop_contains_source(ocfs_run_loop_ref run_loop,
                                                    ocfs_run_loop_source_ref source,
                                                    ocfs_run_loop_mode mode);

/* ---- Timers ---------------------------------------------------------------------------------- */

/* Same layout as CFRunLoopTimerContext. */
typedef struct ocfs_run_loop_timer_context {
  ocfs_index version; /* must be 0 */
  void *info;
  const void *(*retain)(const void *info);
  void (*release)(const void *info);
  ocfs_string_ref (*copyDescription)(const void *info);
} ocfs_run_loop_timer_context;

typedef void (*ocfs_run_loop_timer_callback)(ocfs_run_loop_timer_ref timer, void *info);

OCFS_EXPORT ocfs_type_id ocfs_run_loop_timer_get_type_id(void);
/* Fires at `fire_date`, then every `interval` seconds if it is > 0 (a missed period is skipped,
 * not replayed); a one-shot timer is invalidated after it fires. `flags` is ignored, as on Apple.
 * The context may be NULL. */
OCFS_EXPORT ocfs_run_loop_timer_ref ocfs_run_loop_timer_create(
    ocfs_allocator_ref allocator, ocfs_absolute_time fire_date, ocfs_time_interval interval,
    ocfs_option_flags flags, ocfs_index order, ocfs_run_loop_timer_callback callout,
    ocfs_run_loop_timer_context *context);
OCFS_EXPORT void ocfs_run_loop_timer_invalidate(ocfs_run_loop_timer_ref timer);
OCFS_EXPORT ocfs_bool ocfs_run_loop_timer_is_valid(ocfs_run_loop_timer_ref timer);
OCFS_EXPORT ocfs_absolute_time
ocfs_run_loop_timer_get_next_fire_date(ocfs_run_loop_timer_ref timer);
OCFS_EXPORT void ocfs_run_loop_timer_set_next_fire_date(ocfs_run_loop_timer_ref timer,
                                                        ocfs_absolute_time fire_date);
OCFS_EXPORT ocfs_time_interval ocfs_run_loop_timer_get_interval(ocfs_run_loop_timer_ref timer);
OCFS_EXPORT ocfs_bool ocfs_run_loop_timer_does_repeat(ocfs_run_loop_timer_ref timer);
OCFS_EXPORT ocfs_index ocfs_run_loop_timer_get_order(ocfs_run_loop_timer_ref timer);
OCFS_EXPORT void ocfs_run_loop_timer_get_context(ocfs_run_loop_timer_ref timer,
                                                 ocfs_run_loop_timer_context *context);
OCFS_EXPORT void ocfs_run_loop_add_timer(ocfs_run_loop_ref run_loop, ocfs_run_loop_timer_ref timer,
                                         ocfs_run_loop_mode mode);
OCFS_EXPORT void ocfs_run_loop_remove_timer(ocfs_run_loop_ref run_loop,
                                            ocfs_run_loop_timer_ref timer, ocfs_run_loop_mode mode);
OCFS_EXPORT ocfs_bool ocfs_run_loop_contains_timer(ocfs_run_loop_ref run_loop,
                                                   ocfs_run_loop_timer_ref timer,
                                                   ocfs_run_loop_mode mode);

OCFS_EXTERN_C_END

#endif /* OPENCFSTREAM_RUN_LOOP_H */
