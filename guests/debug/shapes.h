/* HyperStep debug guest: types shared by prog.c and shapes.c. */
#ifndef DEBUG_SHAPES_H
#define DEBUG_SHAPES_H

struct point {
  int x;
  int y;
};

typedef struct point point_t;

enum color { COLOR_RED, COLOR_GREEN, COLOR_BLUE };

/* Nested struct: an array of structs and a char* member. */
struct shape {
  const char *name;
  enum color color;
  int npts;
  struct point pts[3];
};

int shape_perimeter_sq(const struct shape *s);
int shape_area2(const struct shape *s);

#endif
