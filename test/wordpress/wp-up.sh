#!/usr/bin/env bash
# A real WordPress site for feedloom's integration tests, one per port.
#
#   wp-up.sh PORT            start (or reuse) the site; prints "BASE_URL USER APPLICATION_PASSWORD"
#   wp-up.sh stop PORT       stop its PHP server
#   wp-up.sh reset PORT      stop it and drop its database and files
#   wp-up.sh rest off|on PORT   switch the REST API off (a must-use plugin answering 403) or back on
#
# Debian's wordpress package served by PHP's built-in server, MariaDB for the database; the packages are
# installed with apt-get when missing (needs root). Each site has its own database (feedloom_wp_PORT), its
# own wp-content (uploads, mu-plugins) under $STATE, pretty permalinks, and WP_ENVIRONMENT_TYPE=local so
# application passwords work over plain HTTP. The service under test needs ALLOW_HOSTS=127.0.0.1:PORT.
set -euo pipefail

usage() { echo "usage: $0 [stop|reset|rest off|rest on] PORT" >&2; exit 2; }

action=up
case "${1:-}" in
  stop|reset) action=$1; shift ;;
  rest) action="rest-${2:-}"; shift 2 || usage ;;
esac
port="${1:-}"
[[ "$port" =~ ^[0-9]+$ ]] || usage

WP_CORE=/usr/share/wordpress
STATE="${TMPDIR:-/tmp}/feedloom-wp-$port"
DB="feedloom_wp_$port"
CONFIG_NAME="feedloom-$port"
CONFIG_FILE="/etc/wordpress/config-$CONFIG_NAME.php"
BASE_URL="http://127.0.0.1:$port"
mkdir -p "$STATE"

log() { echo "wp-up[$port]: $*" >&2; }

server_pid() { [[ -f "$STATE/php.pid" ]] && kill -0 "$(cat "$STATE/php.pid")" 2>/dev/null && cat "$STATE/php.pid"; }

stop_server() {
  local pid
  if pid=$(server_pid); then
    # The server was started in a session of its own: its workers go with it.
    kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$STATE/php.pid"
}

ensure_packages() {
  local missing=()
  [[ -f "$WP_CORE/wp-settings.php" ]] || missing+=(wordpress)
  command -v php >/dev/null || missing+=(php-cli)
  php -m 2>/dev/null | grep -x mysqli >/dev/null || missing+=(php-mysql)
  command -v mariadbd >/dev/null || [[ -x /usr/sbin/mariadbd ]] || missing+=(mariadb-server)
  ((${#missing[@]} == 0)) && return
  log "installing ${missing[*]} (apt-get; a few minutes the first time)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >"$STATE/apt.log" 2>&1 || true
  apt-get install -y --no-install-recommends wordpress php-cli php-mysql mariadb-server >>"$STATE/apt.log" 2>&1 \
    || { log "apt-get failed, see $STATE/apt.log"; exit 1; }
}

sql() { mariadb -uroot --protocol=socket -e "$1"; }

ensure_database_server() {
  if mysqladmin -uroot --protocol=socket ping >/dev/null 2>&1; then return; fi
  log "starting MariaDB"
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
  if [[ ! -d /var/lib/mysql/mysql ]]; then mariadb-install-db --user=mysql >"$STATE/mariadb-install.log" 2>&1; fi
  (setsid mysqld_safe --user=mysql >"$STATE/mariadb.log" 2>&1 &)
  for _ in $(seq 100); do mysqladmin -uroot --protocol=socket ping >/dev/null 2>&1 && return; sleep 0.2; done
  log "MariaDB did not start, see $STATE/mariadb.log"; exit 1
}

# Debian's package ships no theme: a site without one serves blank pages, with none of the <link>s that
# discovery reads. This one is the least a theme does: head (feed links, REST API link), the loop, footer.
write_theme() {
  local dir="$STATE/wp-content/themes/feedloom-test"
  [[ -L "$STATE/wp-content/themes" ]] && rm "$STATE/wp-content/themes"
  mkdir -p "$dir"
  cat >"$dir/style.css" <<'CSS'
/*
Theme Name: feedloom test
Description: The smallest classic theme for feedloom's integration tests.
*/
CSS
  cat >"$dir/functions.php" <<'PHP'
<?php
add_action('after_setup_theme', function () {
    add_theme_support('automatic-feed-links');
    add_theme_support('title-tag');
    add_theme_support('post-thumbnails');
});
PHP
  cat >"$dir/index.php" <<'PHP'
<!DOCTYPE html>
<html <?php language_attributes(); ?>>
<head><meta charset="<?php bloginfo('charset'); ?>"><?php wp_head(); ?></head>
<body>
<?php while (have_posts()) : the_post(); ?>
<article><h2><a href="<?php the_permalink(); ?>"><?php the_title(); ?></a></h2><?php the_content(); ?></article>
<?php endwhile; ?>
<?php wp_footer(); ?>
</body>
</html>
PHP
}

write_site_files() {
  local password
  [[ -f "$STATE/db-password" ]] || head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$STATE/db-password"
  password=$(cat "$STATE/db-password")
  sql "CREATE DATABASE IF NOT EXISTS \`$DB\` CHARACTER SET utf8mb4;
       CREATE USER IF NOT EXISTS '$DB'@'localhost' IDENTIFIED BY '$password';
       ALTER USER '$DB'@'localhost' IDENTIFIED BY '$password';
       GRANT ALL ON \`$DB\`.* TO '$DB'@'localhost';"

  mkdir -p "$STATE/wp-content/uploads" "$STATE/wp-content/mu-plugins" "$STATE/wp-content/upgrade"
  write_theme
  for part in plugins languages; do
    [[ -e "$WP_CORE/wp-content/$part" && ! -L "$STATE/wp-content/$part" ]] && ln -s "$WP_CORE/wp-content/$part" "$STATE/wp-content/$part"
  done
  # Debian's wp-config.php reads /etc/wordpress/config-$WORDPRESS_CONFIG.php: the router names this site's.
  mkdir -p /etc/wordpress
  cat >"$CONFIG_FILE" <<PHP
<?php
define('DB_NAME', '$DB');
define('DB_USER', '$DB');
define('DB_PASSWORD', '$password');
define('DB_HOST', 'localhost');
define('WP_HOME', '$BASE_URL');
define('WP_SITEURL', '$BASE_URL');
define('WP_CONTENT_DIR', '$STATE/wp-content');
define('WP_CONTENT_URL', '$BASE_URL/wp-content');
define('WP_ENVIRONMENT_TYPE', 'local');
define('FS_METHOD', 'direct');
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
PHP
  cat >"$STATE/router.php" <<PHP
<?php
// PHP's built-in server: this site's config, files of this site's wp-content, pretty permalinks through index.php.
\$_SERVER['WORDPRESS_CONFIG'] = '$CONFIG_NAME';
// The built-in server leaves Basic credentials in the header; application passwords read PHP_AUTH_USER/PW.
\$authorization = \$_SERVER['HTTP_AUTHORIZATION'] ?? '';
if (!isset(\$_SERVER['PHP_AUTH_USER']) && stripos(\$authorization, 'basic ') === 0) {
    [\$user, \$pass] = array_pad(explode(':', (string) base64_decode(substr(\$authorization, 6)), 2), 2, '');
    \$_SERVER['PHP_AUTH_USER'] = \$user;
    \$_SERVER['PHP_AUTH_PW'] = \$pass;
}
\$path = urldecode(parse_url(\$_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');
if (str_starts_with(\$path, '/wp-content/') && !str_contains(\$path, '..')) {
    \$file = '$STATE' . \$path;
    if (is_file(\$file) && !str_ends_with(\$file, '.php')) {
        \$types = ['jpg' => 'image/jpeg', 'jpeg' => 'image/jpeg', 'png' => 'image/png', 'gif' => 'image/gif', 'webp' => 'image/webp', 'svg' => 'image/svg+xml', 'css' => 'text/css', 'js' => 'text/javascript'];
        header('Content-Type: ' . (\$types[strtolower(pathinfo(\$file, PATHINFO_EXTENSION))] ?? 'application/octet-stream'));
        readfile(\$file);
        return true;
    }
}
if (\$path !== '/' && is_file('$WP_CORE' . \$path)) {
    if (!str_ends_with(\$path, '.php')) return false;
    \$_SERVER['SCRIPT_NAME'] = \$path;
    \$_SERVER['SCRIPT_FILENAME'] = '$WP_CORE' . \$path;
    chdir(dirname('$WP_CORE' . \$path));
    require '$WP_CORE' . \$path;
    return true;
}
\$_SERVER['SCRIPT_NAME'] = '/index.php';
\$_SERVER['SCRIPT_FILENAME'] = '$WP_CORE/index.php';
require '$WP_CORE/index.php';
PHP
}

install_site() {
  [[ -f "$STATE/app-password" ]] && return
  log "installing the site"
  cat >"$STATE/install.php" <<PHP
<?php
\$_SERVER['HTTP_HOST'] = '127.0.0.1:$port';
\$_SERVER['WORDPRESS_CONFIG'] = '$CONFIG_NAME';
\$_SERVER['REQUEST_URI'] = '/';
define('WP_INSTALLING', true);
require '$WP_CORE/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
if (!is_blog_installed()) {
    wp_install('feedloom test site $port', 'admin', 'admin@example.invalid', true, '', wp_generate_password(24));
}
update_option('permalink_structure', '/%year%/%monthnum%/%postname%/');
switch_theme('feedloom-test');
update_option('posts_per_rss', 10);
update_option('rss_use_excerpt', 0);
\$user = get_user_by('login', 'admin');
WP_Application_Passwords::delete_all_application_passwords(\$user->ID);
[\$password] = WP_Application_Passwords::create_new_application_password(\$user->ID, ['name' => 'feedloom tests']);
echo \$password;
PHP
  php "$STATE/install.php" >"$STATE/app-password.tmp" 2>"$STATE/install.log" || { log "install failed, see $STATE/install.log"; exit 1; }
  mv "$STATE/app-password.tmp" "$STATE/app-password"
}

start_server() {
  server_pid >/dev/null && return
  if curl -fsS -o /dev/null "$BASE_URL/" 2>/dev/null; then
    log "port $port is already served by a process this script did not start"; exit 1
  fi
  # A session of its own (so stop takes the workers too); the shell records its pid, then becomes the server.
  cd "$WP_CORE"
  PHP_CLI_SERVER_WORKERS=4 setsid bash -c 'echo $$ >"$1/php.pid"; exec php -S "127.0.0.1:$2" -t "$3" "$1/router.php"' \
    _ "$STATE" "$port" "$WP_CORE" >"$STATE/php.log" 2>&1 </dev/null &
  for _ in $(seq 100); do
    curl -fsS -o /dev/null "$BASE_URL/wp-json/" 2>/dev/null && return
    sleep 0.1
  done
  log "the PHP server did not answer, see $STATE/php.log"; exit 1
}

case "$action" in
  up)
    ensure_packages
    ensure_database_server
    write_site_files
    install_site
    start_server
    echo "$BASE_URL admin $(cat "$STATE/app-password")"
    ;;
  stop) stop_server ;;
  reset)
    stop_server
    sql "DROP DATABASE IF EXISTS \`$DB\`; DROP USER IF EXISTS '$DB'@'localhost';" || true
    rm -rf "$STATE" "$CONFIG_FILE"
    ;;
  rest-off)
    mkdir -p "$STATE/wp-content/mu-plugins"
    cat >"$STATE/wp-content/mu-plugins/feedloom-no-rest.php" <<'PHP'
<?php
// What "disable REST API" plugins do: every REST request is refused before it reaches a route.
add_filter('rest_authentication_errors', function () {
    return new WP_Error('rest_disabled', 'The REST API is disabled on this site.', ['status' => 403]);
});
PHP
    ;;
  rest-on) rm -f "$STATE/wp-content/mu-plugins/feedloom-no-rest.php" ;;
  *) usage ;;
esac
