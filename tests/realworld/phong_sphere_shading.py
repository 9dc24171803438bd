# Written for this corpus (p9) in the style of the ray-casting/Phong-shading tutorials of graphics courses ("Ray tracing from scratch in Python" and the scratchapixel-style numpy renderers): a `@dataclass Material(ambient, diffuse, specular, shininess)`, a `Light` class with `position` and `color`, `normalize(v)` dividing by `np.linalg.norm(v, axis=-1, keepdims=True)`, pixels from `np.meshgrid` over the image plane, the ray-sphere intersection by the quadratic's discriminant with `np.where(disc > 0, ...)` as the hit mask, reflection `2 * (n . l) n - l`, `np.maximum(0, ...)` clamps, the specular power `** material.shininess`, lights summed with `sum(...)` of a generator over a list of `Light`s, and an inverse-rendering loss against a target image. Differentiated: the loss with respect to the light position, the material dataclass's fields, and a small patch of rendered pixels with respect to the sphere's centre (Jacobian).
from dataclasses import dataclass

import numpy as np


@dataclass
class Material:
    ambient: float = 0.1
    diffuse: float = 0.7
    specular: float = 0.4
    shininess: float = 20.0


class Light:
    def __init__(self, position, color=1.0):
        self.position = np.asarray(position, dtype=float)
        self.color = color


def normalize(v):
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


WIDTH = HEIGHT = 16
EYE = np.array([0.0, 0.0, 3.0])
xs, ys = np.meshgrid(np.linspace(-1.0, 1.0, WIDTH), np.linspace(-1.0, 1.0, HEIGHT))
PIXELS = np.stack([xs, ys, np.zeros_like(xs)], axis=-1).reshape(-1, 3)
DIRECTIONS = normalize(PIXELS - EYE)


def intersect_sphere(origin, directions, centre, radius):
    """Distance along each ray to the near hit, and the hit mask."""
    oc = origin - centre
    b = 2 * directions @ oc
    c = oc @ oc - radius ** 2
    disc = b ** 2 - 4 * c
    hit = disc > 0
    t = np.where(hit, (-b - np.sqrt(np.where(hit, disc, 1.0))) / 2, 0.0)
    return t, hit


def shade(centre, lights, material, radius=0.8):
    t, hit = intersect_sphere(EYE, DIRECTIONS, centre, radius)
    points = EYE + t[:, None] * DIRECTIONS
    normals = normalize(points - centre)
    to_eye = normalize(EYE - points)

    def contribution(light):
        to_light = normalize(light.position - points)
        n_dot_l = np.sum(normals * to_light, axis=-1)
        reflected = 2 * n_dot_l[:, None] * normals - to_light
        r_dot_v = np.maximum(0.0, np.sum(reflected * to_eye, axis=-1))
        diffuse = material.diffuse * np.maximum(0.0, n_dot_l)
        specular = material.specular * r_dot_v ** material.shininess
        return light.color * (diffuse + specular)

    colour = material.ambient + sum(contribution(light) for light in lights)
    return np.where(hit, colour, 0.0)


CENTRE = np.array([0.0, 0.0, 0.0])
TARGET = shade(CENTRE, [Light([2.0, 2.5, 3.0]), Light([-3.0, 0.5, 2.0], 0.3)], Material())


def light_loss(position):
    image = shade(CENTRE, [Light(position), Light([-3.0, 0.5, 2.0], 0.3)], Material())
    return np.mean((image - TARGET) ** 2)


def material_loss(material):
    image = shade(CENTRE, [Light([1.5, 2.0, 3.5])], material)
    return np.mean((image - TARGET) ** 2)


def patch(centre):
    image = shade(centre, [Light([2.0, 2.5, 3.0])], Material(shininess=8.0)).reshape(HEIGHT, WIDTH)
    return image[6:9, 6:10].ravel()


CASES = [
    dict(name="light_loss", function=light_loss, args=lambda: (np.array([1.5, 2.0, 3.5]),)),
    dict(name="material_loss", function=material_loss, args=lambda: (Material(0.12, 0.6, 0.5, 15.0),)),
    dict(name="patch", function=patch, args=lambda: (np.array([0.05, -0.03, 0.1]),), kind="jacobian"),
]
