/// The pages' mustache templates. `{{x}}` is escaped HTML; the only
/// unescaped field is `body` in the layout, itself a rendered template,
/// and `report` on the progress page, the report's own escaped HTML.
enum Templates {
    static let all: [String: String] = [
        "layout": layout, "login": login, "stations": stations, "workers": workers, "progress": progress,
        "levels": levels, "exports": exports, "audit": audit, "accounts": accounts, "purge": purge, "error": error,
    ]

    static let layout = """
        <!DOCTYPE html>
        <html lang="{{t.lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{heading}} · {{t.title}}</title>
        <link rel="stylesheet" href="/assets/console.css">
        {{#reportStyle}}<link rel="stylesheet" href="/assets/report.css">{{/reportStyle}}
        {{#live}}<noscript><meta http-equiv="refresh" content="5"></noscript>
        <script src="/assets/console.js" defer></script>{{/live}}
        </head>
        <body>
        <a class="skip" href="#main">{{t.skip}}</a>
        <header>
        <p class="brand">{{t.title}}</p>
        {{#account}}
        <nav aria-label="menu"><ul>
        <li><a href="/"{{#nav_stations}} aria-current="page"{{/nav_stations}}>{{t.nav_stations}}</a></li>
        <li><a href="/workers"{{#nav_workers}} aria-current="page"{{/nav_workers}}>{{t.nav_workers}}</a></li>
        <li><a href="/levels"{{#nav_levels}} aria-current="page"{{/nav_levels}}>{{t.nav_levels}}</a></li>
        {{#may_export}}<li><a href="/exports"{{#nav_exports}} aria-current="page"{{/nav_exports}}>{{t.nav_exports}}</a></li>{{/may_export}}
        {{#may_audit}}<li><a href="/audit"{{#nav_audit}} aria-current="page"{{/nav_audit}}>{{t.nav_audit}}</a></li>{{/may_audit}}
        {{#may_accounts}}<li><a href="/accounts"{{#nav_accounts}} aria-current="page"{{/nav_accounts}}>{{t.nav_accounts}}</a></li>
        <li><a href="/purge"{{#nav_purge}} aria-current="page"{{/nav_purge}}>{{t.nav_purge}}</a></li>{{/may_accounts}}
        </ul></nav>
        <form class="logout" method="post" action="/logout">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <span>{{t.signed_in_as}} {{account}}</span>
        <button type="submit" id="logout">{{t.logout}}</button>
        </form>
        {{/account}}
        <p class="language"><a href="{{path}}?lang={{t.other_lang}}" lang="{{t.other_lang}}">{{t.other_language}}</a></p>
        </header>
        <main id="main">
        <h1>{{heading}}</h1>
        {{{body}}}
        </main>
        </body>
        </html>
        """

    static let login = """
        {{#message}}<p class="problem" role="alert">{{message}}</p>{{/message}}
        <form method="post" action="/login" class="stack">
        <label for="name">{{t.login_name}}</label>
        <input id="name" name="name" autocomplete="username" required maxlength="32" autocapitalize="none" spellcheck="false">
        <label for="password">{{t.login_password}}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit" id="login">{{t.login_button}}</button>
        </form>
        """

    static let stations = """
        <p>{{t.live_note}}</p>
        {{^rows}}<p>{{t.no_stations}}</p>{{/rows}}
        {{#any}}
        <div class="scroll"><table id="stations" data-states="{{states}}">
        <thead><tr><th scope="col">{{t.station}}</th><th scope="col">{{t.worker}}</th><th scope="col">{{t.product}}</th>
        <th scope="col">{{t.step}}</th><th scope="col">{{t.state}}</th><th scope="col">{{t.open_error}}</th><th scope="col">{{t.updated_at}}</th></tr></thead>
        <tbody>
        {{#rows}}
        <tr data-station="{{station}}" class="state-{{state}}">
        <th scope="row">{{name}} <span class="id">({{station}})</span></th>
        <td data-field="worker">{{worker}}</td><td data-field="product">{{product}}</td><td data-field="step">{{step}}</td>
        <td data-field="state">{{stateText}}</td><td data-field="open_error">{{openError}}</td><td data-field="updated_at">{{updatedAt}}</td>
        </tr>
        {{/rows}}
        </tbody></table></div>
        {{/any}}
        """

    static let workers = """
        {{^rows}}<p>{{t.no_workers}}</p>{{/rows}}
        {{#any}}
        <div class="scroll"><table id="workers">
        <thead><tr><th scope="col">{{t.worker}}</th><th scope="col">{{t.product}}</th><th scope="col">{{t.level}}</th>
        <th scope="col">{{t.cycles}}</th><th scope="col">{{t.last_cycle}}</th><th scope="col">{{t.advice}}</th><th scope="col">{{t.reason}}</th></tr></thead>
        <tbody>
        {{#rows}}
        <tr data-worker="{{worker}}"><th scope="row"><a href="/workers/{{workerPath}}">{{worker}}</a></th><td>{{product}}</td><td>{{level}}</td>
        <td>{{cycles}}</td><td>{{lastCycle}}</td><td>{{advice}}</td><td>{{reason}}</td></tr>
        {{/rows}}
        </tbody></table></div>
        {{/any}}
        """

    static let progress = """
        <form method="get" action="/workers/{{workerPath}}" class="inline">
        <label for="since">{{t.since}}</label><input id="since" name="since" type="date" value="{{since}}">
        <label for="until">{{t.until}}</label><input id="until" name="until" type="date" value="{{until}}">
        <button type="submit">{{t.show}}</button>
        </form>
        <div class="report">{{{report}}}</div>
        """

    static let levels = """
        {{#message}}<p class="done" role="status">{{message}}</p>{{/message}}
        {{#may_set}}
        <h2>{{t.set_level}}</h2>
        <form method="post" action="/levels" class="stack" id="set-level">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="worker">{{t.worker}}</label><input id="worker" name="worker" required maxlength="64" value="{{worker}}">
        <label for="product">{{t.product}}</label><input id="product" name="product" required maxlength="64" value="{{product}}" list="products">
        <datalist id="products">{{#products}}<option value="{{.}}">{{/products}}</datalist>
        <label for="level">{{t.level}}</label>
        <select id="level" name="level"><option value="1">{{t.level_1}}</option><option value="2">{{t.level_2}}</option><option value="3">{{t.level_3}}</option></select>
        <label for="reason">{{t.reason}}</label><input id="reason" name="reason" maxlength="500">
        <button type="submit" id="save-level">{{t.save}}</button>
        </form>
        {{/may_set}}
        <h2>{{t.history}}</h2>
        {{^rows}}<p>{{t.no_levels}}</p>{{/rows}}
        {{#any}}
        <div class="scroll"><table id="levels">
        <thead><tr><th scope="col">{{t.set_at}}</th><th scope="col">{{t.worker}}</th><th scope="col">{{t.product}}</th><th scope="col">{{t.level}}</th>
        <th scope="col">{{t.set_by}}</th><th scope="col">{{t.reason}}</th></tr></thead>
        <tbody>{{#rows}}<tr><td>{{setAt}}</td><td>{{worker}}</td><td>{{product}}</td><td>{{level}}</td><td>{{setBy}}</td><td>{{reason}}</td></tr>{{/rows}}</tbody>
        </table></div>
        {{/any}}
        """

    static let exports = """
        <p>{{t.exports_note}}</p>
        <form method="get" action="/exports/download" class="stack" id="export">
        <label for="what">{{t.what}}</label>
        <select id="what" name="what"><option value="cycles">{{t.what_cycles}}</option><option value="steps">{{t.what_steps}}</option>
        <option value="errors">{{t.what_errors}}</option><option value="summary">{{t.what_summary}}</option></select>
        <label for="format">{{t.format}}</label>
        <select id="format" name="format"><option value="xlsx">xlsx</option><option value="csv">csv</option><option value="json">json</option></select>
        <label for="dialect">{{t.dialect}}</label>
        <select id="dialect" name="dialect"><option value="standard">{{t.dialect_standard}}</option><option value="excel-nl">{{t.dialect_excel}}</option></select>
        <label for="since">{{t.since}}</label><input id="since" name="since" type="date">
        <label for="until">{{t.until}}</label><input id="until" name="until" type="date">
        <label for="worker">{{t.worker}}</label><input id="worker" name="worker" maxlength="64">
        <label for="product">{{t.product}}</label><input id="product" name="product" maxlength="64">
        {{#may_names}}<label class="check"><input type="checkbox" name="with_names" value="1"> {{t.with_names}}</label>{{/may_names}}
        <button type="submit" id="download">{{t.download}}</button>
        </form>
        """

    static let audit = """
        {{^rows}}<p>{{t.no_audit}}</p>{{/rows}}
        {{#any}}
        <div class="scroll"><table id="audit">
        <thead><tr><th scope="col">{{t.at}}</th><th scope="col">{{t.account}}</th><th scope="col">{{t.action}}</th><th scope="col">{{t.detail}}</th></tr></thead>
        <tbody>{{#rows}}<tr><td>{{at}}</td><td>{{account}}</td><td>{{what}}</td><td>{{detail}}</td></tr>{{/rows}}</tbody>
        </table></div>
        {{/any}}
        """

    static let accounts = """
        {{#message}}<p class="done" role="status">{{message}}</p>{{/message}}
        <div class="scroll"><table id="accounts">
        <thead><tr><th scope="col">{{t.name}}</th><th scope="col">{{t.role}}</th><th scope="col">{{t.change_password}}</th><th scope="col">{{t.remove}}</th></tr></thead>
        <tbody>{{#rows}}<tr><th scope="row">{{name}}</th><td>{{roleText}}</td>
        <td><form method="post" action="/accounts/passwd" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="name" value="{{name}}">
        <label for="pw-{{name}}">{{t.new_password}}</label><input id="pw-{{name}}" name="password" type="password" autocomplete="new-password" minlength="10" required>
        <button type="submit">{{t.save}}</button></form></td>
        <td><form method="post" action="/accounts/remove" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="name" value="{{name}}">
        <button type="submit" aria-label="{{t.remove}} {{name}}">{{t.remove}}</button></form></td></tr>{{/rows}}</tbody>
        </table></div>
        <h2>{{t.add_account}}</h2>
        <form method="post" action="/accounts" class="stack" id="add-account">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="new-name">{{t.name}}</label><input id="new-name" name="name" required maxlength="32" autocapitalize="none" spellcheck="false">
        <label for="new-role">{{t.role}}</label>
        <select id="new-role" name="role"><option value="supervisor">{{t.role_supervisor}}</option><option value="assessor">{{t.role_assessor}}</option><option value="admin">{{t.role_admin}}</option></select>
        <label for="new-password">{{t.password}}</label><input id="new-password" name="password" type="password" autocomplete="new-password" minlength="10" required>
        <button type="submit">{{t.add}}</button>
        </form>
        <h2>{{t.names_title}}</h2>
        {{^names}}<p>{{t.no_names}}</p>{{/names}}
        {{#anyNames}}<div class="scroll"><table id="names"><thead><tr><th scope="col">{{t.worker}}</th><th scope="col">{{t.name}}</th></tr></thead>
        <tbody>{{#names}}<tr><td>{{worker}}</td><td>{{name}}</td></tr>{{/names}}</tbody></table></div>{{/anyNames}}
        <form method="post" action="/names" class="stack" id="set-name">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="name-worker">{{t.worker}}</label><input id="name-worker" name="worker" required maxlength="64">
        <label for="name-name">{{t.set_name}}</label><input id="name-name" name="display_name" maxlength="100">
        <button type="submit">{{t.save}}</button>
        </form>
        """

    static let purge = """
        {{#message}}<p class="done" role="status">{{message}}</p>{{/message}}
        <p>{{t.purge_note}}</p>
        <form method="post" action="/purge" class="stack" id="purge">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="days">{{t.purge_days}}</label><input id="days" name="days" type="number" min="0" max="36500" required value="365">
        <label class="check"><input type="checkbox" name="confirm" value="1" required> {{t.purge_confirm}}</label>
        <button type="submit" class="danger">{{t.purge_button}}</button>
        </form>
        """

    static let error = """
        <p class="problem" role="alert">{{message}}</p>
        {{#detail}}<p>{{detail}}</p>{{/detail}}
        <p><a href="/">{{t.back}}</a></p>
        """
}
