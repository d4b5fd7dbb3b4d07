# SPDX-License-Identifier: MIT
# Install rules for the desktop integration, and CPack (DEB and TGZ). Included from the top-level CMakeLists.

if(BJB_BUILD_GUI)
    install(FILES ${CMAKE_CURRENT_LIST_DIR}/org.bamboo.JournalBrowser.desktop
            DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    install(FILES ${CMAKE_CURRENT_LIST_DIR}/org.bamboo.JournalBrowser.metainfo.xml
            DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
    set(BJB_ICON_SVG ${PROJECT_SOURCE_DIR}/resources/bamboo-journal-browser.svg)
    install(FILES ${BJB_ICON_SVG} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
    # The fixed hicolor sizes, rendered from the SVG at build time.
    find_program(RSVG_CONVERT rsvg-convert REQUIRED)
    set(icons)
    foreach(size 16 24 32 48 64 128 256)
        set(png ${CMAKE_BINARY_DIR}/icons/${size}x${size}/bamboo-journal-browser.png)
        add_custom_command(OUTPUT ${png}
            COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/icons/${size}x${size}
            COMMAND ${RSVG_CONVERT} -w ${size} -h ${size} ${BJB_ICON_SVG} -o ${png}
            DEPENDS ${BJB_ICON_SVG} VERBATIM)
        list(APPEND icons ${png})
        install(FILES ${png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
    endforeach()
    add_custom_target(icons ALL DEPENDS ${icons})
endif()

set(CPACK_PACKAGE_NAME bamboo-journal-browser)
set(CPACK_PACKAGE_VENDOR "The Bamboo Journal Browser developers")
set(CPACK_PACKAGE_CONTACT "The Bamboo Journal Browser developers <bamboo-journal-browser@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_INSTALL_DIRECTORY bamboo-journal-browser)
set(CPACK_RESOURCE_FILE_README ${PROJECT_SOURCE_DIR}/README.md)
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_PACKAGE_FILE_NAME "${CPACK_PACKAGE_NAME}-${PROJECT_VERSION}-${CMAKE_SYSTEM_PROCESSOR}")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON) # Qt, simdjson and the C++ runtime, as dpkg-shlibdeps finds them
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
# Emoji in events (titles, messages) in colour, where the desktop has no colour emoji font of its own.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-noto-color-emoji")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "${PROJECT_DESCRIPTION}
 A Qt desktop browser (bamboo-journal-browser) and a command-line tool (bamboo-journal) for the change-feed
 journal the bamboo agent server writes: indexing, live tail, retention and resume checks, doctor, export.")
set(CPACK_STRIP_FILES ON)
include(CPack)
