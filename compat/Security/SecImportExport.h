/* OpenCFStream compat: <Security/SecImportExport.h>. SecPKCS12Import (ocfs_pkcs12_import) and its
 * keys, whose string values equal Apple's. The keychain import/export calls are absent
 * (docs/COMPAT.md, "Security objects"). */
#ifndef OCFS_COMPAT_SECIMPORTEXPORT_H
#define OCFS_COMPAT_SECIMPORTEXPORT_H

#include <Security/SecBase.h>

#define kSecImportExportPassphrase (ocfs_import_export_passphrase)
#define kSecImportItemLabel (ocfs_import_item_label)
#define kSecImportItemKeyID (ocfs_import_item_key_id)
#define kSecImportItemTrust (ocfs_import_item_trust)
#define kSecImportItemCertChain (ocfs_import_item_cert_chain)
#define kSecImportItemIdentity (ocfs_import_item_identity)

CF_EXTERN_C_BEGIN

/* One CFDictionary per identity in *items. errSecAuthFailed for a wrong passphrase, errSecDecode
 * for data that is not a PKCS#12 archive (or whose encryption OpenSSL lacks), errSecParam for
 * NULL arguments. */
CF_INLINE OSStatus SecPKCS12Import(CFDataRef pkcs12_data, CFDictionaryRef options,
                                   CFArrayRef *items) {
  return (OSStatus)ocfs_pkcs12_import(pkcs12_data, options, items);
}

CF_EXTERN_C_END

#endif /* OCFS_COMPAT_SECIMPORTEXPORT_H */
