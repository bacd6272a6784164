/* oco — command-line front end (placeholder until the commands land). */
#include <stdio.h>
#include <string.h>

#include "oco/oco.h"

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        printf("oco %s\n", oco_version());
        return 0;
    }
    fprintf(stderr, "usage: oco --version\n");
    return 2;
}
