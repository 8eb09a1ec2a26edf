/* HyperStep debug guest: second compilation unit of prog*.elf. */
#include "shapes.h"

int g_shape_calls;

static int dist_sq(point_t a, point_t b)
{
  int dx = b.x - a.x;
  int dy = b.y - a.y;
  return dx * dx + dy * dy; /* BP:dist */
}

/* Sum of squared edge lengths of a closed polygon. */
int shape_perimeter_sq(const struct shape *s)
{
  int sum = 0; /* BP:perimeter */
  for (int i = 0; i < s->npts; i++)
    sum += dist_sq(s->pts[i], s->pts[(i + 1) % s->npts]);
  g_shape_calls++;
  return sum;
}

/* Twice the (signed) area of a polygon, shoelace formula. */
int shape_area2(const struct shape *s)
{
  int a = 0;
  for (int i = 0; i < s->npts; i++) {
    const struct point *p = &s->pts[i];
    const struct point *q = &s->pts[(i + 1) % s->npts];
    a += p->x * q->y - q->x * p->y; /* BP:area */
  }
  g_shape_calls++;
  return a;
}
