# mig(1) and the bash, zsh and fish completions, written by the built mig from its own command
# table (`mig __man`, `mig completion SHELL`: src/cli/man_page.cpp, completion_*.cpp), so they
# never drift from --help; installed where man and each shell look for them.
set(MIG_SHARE_OUT ${PROJECT_BINARY_DIR}/share)
set(MIG_GENERATED
    ${MIG_SHARE_OUT}/man/man1/mig.1 ${MIG_SHARE_OUT}/bash-completion/mig
    ${MIG_SHARE_OUT}/zsh/_mig ${MIG_SHARE_OUT}/fish/mig.fish)
add_custom_command(
  OUTPUT ${MIG_GENERATED}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${MIG_SHARE_OUT}/man/man1 ${MIG_SHARE_OUT}/bash-completion
          ${MIG_SHARE_OUT}/zsh ${MIG_SHARE_OUT}/fish
  COMMAND sh -c "\"$1\" __man > \"$2\"/man/man1/mig.1 && \"$1\" completion bash > \"$2\"/bash-completion/mig && \"$1\" completion zsh > \"$2\"/zsh/_mig && \"$1\" completion fish > \"$2\"/fish/mig.fish"
          mig-generate $<TARGET_FILE:mig> ${MIG_SHARE_OUT}
  DEPENDS mig
  COMMENT "Writing mig.1 and the shell completions from mig's command table"
  VERBATIM)
add_custom_target(mig_man_page_and_completions ALL DEPENDS ${MIG_GENERATED})

# Debian's zsh reads /usr/share/zsh/vendor-completions; everywhere else (and under /usr/local)
# zsh's own site-functions is the place.
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(MIG_ZSH_COMPLETION_DEFAULT ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
else()
  set(MIG_ZSH_COMPLETION_DEFAULT ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)
endif()
set(MIG_ZSH_COMPLETION_DIR ${MIG_ZSH_COMPLETION_DEFAULT} CACHE STRING
    "Where `cmake --install` puts the zsh completion _mig (relative to the prefix)")

install(FILES ${MIG_SHARE_OUT}/man/man1/mig.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${MIG_SHARE_OUT}/bash-completion/mig
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${MIG_SHARE_OUT}/zsh/_mig DESTINATION ${MIG_ZSH_COMPLETION_DIR})
install(FILES ${MIG_SHARE_OUT}/fish/mig.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
