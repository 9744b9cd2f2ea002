// trim(): asks glibc to give the process's free heap memory back to the system, and returns whether
// any was. After a crowd of clients leaves, glibc keeps the blocks they freed (socket and stream
// state, read buffers, V8's compiler zones) wherever a live block sits above them, and only
// malloc_trim() hands those pages back (docs/performance.md, "After leaving, fifth pass"). Node-API
// (C, version 1) so one binary loads in any Node or Electron of the same platform and architecture.
// Without glibc (musl) it returns false and does nothing; scripts/build-native.mjs does not build
// it on macOS or Windows at all.
#include <stdlib.h> // defines __GLIBC__ on glibc
#include <node_api.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

static napi_value trim(napi_env env, napi_callback_info info) {
  (void)info;
  int released = 0;
#if defined(__GLIBC__)
  released = malloc_trim(0); // 1 when memory was returned (glibc's manual)
#endif
  napi_value result;
  if (napi_get_boolean(env, released != 0, &result) != napi_ok) return NULL;
  return result;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  if (napi_create_function(env, "trim", NAPI_AUTO_LENGTH, trim, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "trim", fn) != napi_ok) return NULL;
  return exports;
}
