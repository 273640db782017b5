/* OpenCFStream: run loops (CFRunLoop).
 *
 * Only the types are declared so far: streams name them in their scheduling functions. The run loop
 * itself (modes, sources, timers, socket watching) is tracked in the run-loop issue. */
#ifndef OPENCFSTREAM_RUN_LOOP_H
#define OPENCFSTREAM_RUN_LOOP_H

#include "base.h"

OCFS_EXTERN_C_BEGIN

typedef struct ocfs_run_loop *ocfs_run_loop_ref;
typedef ocfs_string_ref ocfs_run_loop_mode;

OCFS_EXTERN_C_END

#endif /* OPENCFSTREAM_RUN_LOOP_H */
