/* Reads the payload on stdin, prints an FNV-1a checksum, reports it as the result on fd 3. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  uint32_t h = 2166136261u;
  size_t n = 0;
  int c;
  while ((c = getchar()) != EOF) {
    h = (h ^ (uint32_t)c) * 16777619u;
    n++;
  }
  printf("checksum of %zu bytes: %08x\n", n, h);
  FILE *control = fdopen(atoi(getenv("TASKFRAME_CONTROL_FD")), "w");
  if (control) fprintf(control, "{\"result\": {\"bytes\": %zu, \"fnv1a\": \"%08x\"}}\n", n, h);
  return 0;
}
