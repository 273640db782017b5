/* OpenCFStream compat: <Security/Security.h>. Only SecureTransport's status codes exist so far
 * (SecTrust, SecCertificate and SecIdentity are not provided yet; docs/COMPAT.md). */
#ifndef OCFS_COMPAT_SECURITY_H
#define OCFS_COMPAT_SECURITY_H

#include <CoreFoundation/CFBase.h>
#include <Security/SecureTransport.h>

enum { errSecSuccess = 0, errSecParam = -50 };

#endif /* OCFS_COMPAT_SECURITY_H */
