# `cmake --install` produces a package that find_package(OpenCFStream CONFIG) and pkg-config find.
# The compat (Apple-named) headers install under include/opencfstream/compat and are on the
# target's include path, so linking OpenCFStream::opencfstream is all a consumer needs.
include(CMakePackageConfigHelpers)

install(TARGETS opencfstream EXPORT OpenCFStreamTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY include/opencfstream DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY compat/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/opencfstream/compat)

set(_ocfs_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/OpenCFStream)
install(EXPORT OpenCFStreamTargets NAMESPACE OpenCFStream:: DESTINATION ${_ocfs_cmake_dir})
configure_package_config_file(cmake/OpenCFStreamConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/OpenCFStreamConfig.cmake
                              INSTALL_DESTINATION ${_ocfs_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/OpenCFStreamConfigVersion.cmake
                                 COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/OpenCFStreamConfig.cmake
              ${PROJECT_BINARY_DIR}/OpenCFStreamConfigVersion.cmake
        DESTINATION ${_ocfs_cmake_dir})

if(BUILD_SHARED_LIBS)
  set(OCFS_PC_CFLAGS "")
  set(OCFS_PC_PRIVATE_LIBS "")
else()
  set(OCFS_PC_CFLAGS "-DOCFS_STATIC")
  set(OCFS_PC_PRIVATE_LIBS "-lssl -lcrypto -lstdc++ -lpthread")
endif()
# Relocatable: the prefix is found relative to the .pc file itself.
file(RELATIVE_PATH OCFS_PC_PREFIX_FROM_PCFILEDIR /root/${CMAKE_INSTALL_LIBDIR}/pkgconfig /root)
configure_file(cmake/opencfstream.pc.in ${PROJECT_BINARY_DIR}/opencfstream.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/opencfstream.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
