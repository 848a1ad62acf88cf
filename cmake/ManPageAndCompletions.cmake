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
  COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0 sh -c "\"$1\" __man > \"$2\"/man/man1/mig.1 && \"$1\" completion bash > \"$2\"/bash-completion/mig && \"$1\" completion zsh > \"$2\"/zsh/_mig && \"$1\" completion fish > \"$2\"/fish/mig.fish"
          mig-generate $<TARGET_FILE:mig> ${MIG_SHARE_OUT}
  DEPENDS mig
  COMMENT "Writing mig.1 and the shell completions from mig's command table"
  VERBATIM)
add_custom_target(mig_man_page_and_completions ALL DEPENDS ${MIG_GENERATED})

# zsh's own place is share/zsh/site-functions, which Debian's zsh reads under /usr/local only;
# under /usr it reads share/zsh/vendor-completions. Decided at install time, since cpack
# installs under /usr whatever the prefix was (MIG_ZSH_FUNCTION_DIR chooses another).
set(MIG_ZSH_FUNCTION_DIR "" CACHE STRING
    "Where `cmake --install` puts the zsh completion _mig, relative to the prefix (default: see above)")

install(FILES ${MIG_SHARE_OUT}/man/man1/mig.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${MIG_SHARE_OUT}/bash-completion/mig
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(CODE "
  set(mig_zsh_dir \"${MIG_ZSH_FUNCTION_DIR}\")
  if(NOT mig_zsh_dir AND CMAKE_INSTALL_PREFIX MATCHES \"(^|/)usr/*$\")
    set(mig_zsh_dir ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
  elseif(NOT mig_zsh_dir)
    set(mig_zsh_dir ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)
  endif()
  file(INSTALL \"${MIG_SHARE_OUT}/zsh/_mig\" DESTINATION \"\${CMAKE_INSTALL_PREFIX}/\${mig_zsh_dir}\")")
install(FILES ${MIG_SHARE_OUT}/fish/mig.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
