#ifndef VERSION_H
#define VERSION_H
/* Printed by -V in runit's "$Id: <40 hex> $" shape; tools parse the shape. */
#define VERSION "$Id: 0000000000000000000000000000000000000001 $"
#endif
