/* OpenCFStream: the whole native C API. */
#ifndef OPENCFSTREAM_OCFS_H
#define OPENCFSTREAM_OCFS_H

#include "version.h"
#include "library.h"
#include "base.h"
#include "string.h"
#include "number.h"
#include "data.h"
#include "array.h"
#include "dictionary.h"
#include "error.h"
#include "url.h"
#include "run_loop.h"
#include "stream.h"
#include "socket_stream.h"
#include "security.h"
#include "ssl_context.h"

#endif /* OPENCFSTREAM_OCFS_H */
