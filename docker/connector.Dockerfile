# The container image of a Baton connector, installed from its npm package. Every connector's image
# is built from this one file, with build arguments from the connector's package.json (the image
# scripts read them with imageBuildArgs() in scripts/lib/packages.mjs):
#
#   docker build -f docker/connector.Dockerfile -t baton-zendesk:0.1.0 \
#     --build-arg PACKAGE=@baton/zendesk --build-arg VERSION=0.1.0 --build-arg BIN=baton-zendesk docker
#
# Run it with a directory of the host on a volume, where it writes sync.c1z:
#
#   docker run --rm -v "$PWD:/out" --user "$(id -u):$(id -g)" -e BATON_SUBDOMAIN -e BATON_EMAIL \
#     -e BATON_API_TOKEN baton-zendesk:0.1.0 -f /out/sync.c1z
ARG BASE_IMAGE=node:24-slim
# Programs the connector runs besides node (1Password: its `op` CLI) are copied from EXTRA_IMAGE, at
# the paths EXTRA_FILES lists (space-separated). By default nothing is copied.
ARG EXTRA_IMAGE=${BASE_IMAGE}

FROM ${EXTRA_IMAGE} AS extra

# Stage 1: the package and its production dependencies, from the registry; nothing else of npm's
# (cache, logs) reaches the runtime image.
FROM ${BASE_IMAGE} AS app
ARG PACKAGE
ARG VERSION
ARG BIN
ARG EXTRA_FILES=""
# A registry for @baton/* packages other than npm's default one (e.g. your own mirror).
ARG BATON_REGISTRY=""
# A CA bundle inside the base image, for registries reached through a TLS-intercepting proxy.
ARG NODE_EXTRA_CA_CERTS
WORKDIR /app
RUN test -n "$PACKAGE" && test -n "$VERSION" && test -n "$BIN" \
 && npm install --omit=dev --no-audit --no-fund --no-update-notifier --loglevel=error \
      ${BATON_REGISTRY:+"--@baton:registry=$BATON_REGISTRY"} "$PACKAGE@$VERSION" \
 && "/app/node_modules/.bin/$BIN" --version \
 && chmod -R a-w,a+rX /app
RUN --mount=type=bind,from=extra,target=/extra \
    mkdir /extra-files \
 && for f in $EXTRA_FILES; do mkdir -p "/extra-files${f%/*}" && cp -p "/extra$f" "/extra-files$f"; done

# Stage 2: the runtime image: node, the package, the extra programs and nothing else from the build.
FROM ${BASE_IMAGE}
ARG VERSION
ARG BIN
ARG DESCRIPTION=""
ARG LICENSE=""
LABEL org.opencontainers.image.title="${BIN}" \
      org.opencontainers.image.description="${DESCRIPTION}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="${LICENSE}"
# HOME is /tmp: the root filesystem may be read-only, and the image may run as any user id (the
# 1Password CLI keeps its configuration under $HOME/.config).
ENV NODE_ENV=production \
    HOME=/tmp
COPY --from=app /app /app
COPY --from=app /extra-files/ /
# `baton-connector` is the entrypoint whatever the connector, since an exec-form ENTRYPOINT cannot
# name a build argument; `$BIN` is on PATH too.
RUN ln -s "/app/node_modules/.bin/$BIN" "/usr/local/bin/$BIN" \
 && ln -s "$BIN" /usr/local/bin/baton-connector \
 && mkdir -p /data \
 && chown node:node /data
# The base image's unprivileged user. It can write only to /data (its working directory: mount a
# volume there or pass -f /<volume>/sync.c1z) and to /tmp.
USER node
WORKDIR /data
VOLUME ["/data"]
ENTRYPOINT ["baton-connector"]
