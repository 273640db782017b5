/* OpenCFStream compat: <CoreFoundation/CoreFoundation.h>, the umbrella header. */
#ifndef OCFS_COMPAT_COREFOUNDATION_H
#define OCFS_COMPAT_COREFOUNDATION_H

#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFArray.h>
#include <CoreFoundation/CFData.h>
#include <CoreFoundation/CFDictionary.h>
#include <CoreFoundation/CFError.h>
#include <CoreFoundation/CFNumber.h>
#include <CoreFoundation/CFRunLoop.h>
#include <CoreFoundation/CFSocket.h>
#include <CoreFoundation/CFStream.h>
#include <CoreFoundation/CFString.h>
#include <CoreFoundation/CFURL.h>

#endif /* OCFS_COMPAT_COREFOUNDATION_H */
