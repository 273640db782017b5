/* OpenCFStream compat: <Security/Security.h>. The part of the Security framework socket-stream
 * code uses: certificates, identities, policies, trust evaluation, PKCS#12 import, the errSec
 * codes and SecureTransport's status codes (the SSLContext API is absent; docs/COMPAT.md). */
#ifndef OCFS_COMPAT_SECURITY_H
#define OCFS_COMPAT_SECURITY_H

#include <CoreFoundation/CFBase.h>
#include <Security/SecBase.h>
#include <Security/SecCertificate.h>
#include <Security/SecIdentity.h>
#include <Security/SecImportExport.h>
#include <Security/SecPolicy.h>
#include <Security/SecTrust.h>
#include <Security/SecureTransport.h>

#endif /* OCFS_COMPAT_SECURITY_H */
