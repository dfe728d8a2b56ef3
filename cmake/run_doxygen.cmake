# cmake -DDOXYGEN=<doxygen> -DSOURCE_DIR=<repo> -DOUTPUT_DIR=<dir> -P run_doxygen.cmake
# Runs the repository's Doxyfile with output and warning log moved to OUTPUT_DIR and fails,
# listing them, on any warning.
file(REMOVE_RECURSE "${OUTPUT_DIR}")
file(MAKE_DIRECTORY "${OUTPUT_DIR}")
set(log "${OUTPUT_DIR}/warnings.log")
file(WRITE "${OUTPUT_DIR}/Doxyfile.ctest"
    "@INCLUDE = \"${SOURCE_DIR}/Doxyfile\"\n"
    "INPUT = \"${SOURCE_DIR}/include/stunkit\"\n"
    "STRIP_FROM_PATH = \"${SOURCE_DIR}/include\"\n"
    "STRIP_FROM_INC_PATH = \"${SOURCE_DIR}/include\"\n"
    "INCLUDE_PATH = \"${SOURCE_DIR}/include\"\n"
    "OUTPUT_DIRECTORY = \"${OUTPUT_DIR}\"\n"
    "WARN_LOGFILE = \"${log}\"\n")
execute_process(COMMAND "${DOXYGEN}" "${OUTPUT_DIR}/Doxyfile.ctest"
                WORKING_DIRECTORY "${SOURCE_DIR}" RESULT_VARIABLE rc)
set(warnings "")
if(EXISTS "${log}")
    file(READ "${log}" warnings)
endif()
string(STRIP "${warnings}" warnings)
if(NOT rc EQUAL 0 OR warnings)
    message("${warnings}")
    message(FATAL_ERROR "doxygen: failed (exit ${rc}) or warned; every public entity needs a /** */ comment")
endif()
message(STATUS "doxygen: no warnings; HTML in ${OUTPUT_DIR}/html/index.html")
