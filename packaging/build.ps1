# Build the Windows bundle: the same steps as packaging/build.sh, in PowerShell.
#   powershell -ExecutionPolicy Bypass -File packaging\build.ps1 `
#       -CertificateThumbprint <thumbprint> -TimestampUrl http://<your-timestamp-server>
#   (or -CertificateFile your.pfx with $env:CSODS_SIGN_PFX_PASSWORD; -Unsigned for a test build)
# -> dist\csods\ (csods.exe and csodsw.exe Authenticode-signed, RELEASE-NOTES.txt) and
#    dist\csods-<version>-windows-x64.zip. Then sign the manifest with packaging\integrity.py.
# Order matters: Authenticode signing changes the .exe files, so it comes BEFORE the archive
# and before the manifest (integrity.py sign), never after.
# NOTE: written to mirror build.sh; it has not been run on this project's (Linux) machines.
param(
    [string]$CertificateFile = $env:CSODS_SIGN_PFX,
    [string]$CertificateThumbprint = $env:CSODS_SIGN_THUMBPRINT,
    [string]$TimestampUrl = $env:CSODS_TIMESTAMP_URL,
    [switch]$Unsigned
)
$ErrorActionPreference = 'Stop'
Set-Location (Split-Path -Parent $PSScriptRoot)

function Invoke-Checked {
    param([string]$Exe, [Parameter(ValueFromRemainingArguments = $true)]$Rest)
    & $Exe @Rest
    if ($LASTEXITCODE -ne 0) { throw "$Exe failed (exit $LASTEXITCODE)" }
}

function Find-SignTool {
    $onPath = Get-Command signtool.exe -ErrorAction SilentlyContinue
    if ($onPath) { return $onPath.Source }
    $kits = Join-Path ${env:ProgramFiles(x86)} 'Windows Kits\10\bin'
    $found = Get-ChildItem -Path $kits -Recurse -Filter signtool.exe -ErrorAction SilentlyContinue |
        Where-Object { $_.FullName -match '\\x64\\' } | Sort-Object FullName | Select-Object -Last 1
    if (-not $found) { throw 'signtool.exe not found: install the Windows 10/11 SDK (Signing Tools).' }
    return $found.FullName
}

$venv = if ($env:CSODS_VENV) { $env:CSODS_VENV } else { '.venv' }
$py = Join-Path $venv 'Scripts\python.exe'
if (-not (Test-Path $py)) { Invoke-Checked py -3.11 -m venv $venv }
# Exactly the locked versions, each file checked against its SHA-256; then the project itself.
Invoke-Checked $py -m pip install -q --require-hashes -r packaging\requirements-build.lock
Invoke-Checked $py -m pip install -q --no-deps --no-build-isolation -e .

$version = & $py -c "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])"
$commit = (git rev-parse --short=12 HEAD)
$env:SOURCE_DATE_EPOCH = (git log -1 --format=%ct)
$env:PYTHONHASHSEED = '0'
$env:PYTHONDONTWRITEBYTECODE = '1'
$started = Get-Date

if (Test-Path dist\csods) { Remove-Item -Recurse -Force dist\csods }
Invoke-Checked (Join-Path $venv 'Scripts\pyinstaller.exe') --noconfirm --clean --log-level ERROR `
    --distpath dist --workpath build\pyinstaller packaging\csods.spec
Get-ChildItem dist\csods -Recurse -Directory -Filter __pycache__ | Remove-Item -Recurse -Force
Invoke-Checked $py packaging\release_notes.py dist\csods $version $commit

$programs = @('dist\csods\csods.exe', 'dist\csods\csodsw.exe')
if ($Unsigned) {
    Write-Warning 'Unsigned build (-Unsigned): csods.exe and csodsw.exe carry no Authenticode signature. Do not deploy it.'
} else {
    if (-not $TimestampUrl) { throw 'Give -TimestampUrl (your organisation''s RFC 3161 timestamp server).' }
    $signtool = Find-SignTool
    $how = @('sign', '/fd', 'SHA256', '/tr', $TimestampUrl, '/td', 'SHA256')
    if ($CertificateThumbprint) {
        $how += @('/sha1', $CertificateThumbprint)          # certificate in the Windows store / token
    } elseif ($CertificateFile) {
        $how += @('/f', $CertificateFile)
        if ($env:CSODS_SIGN_PFX_PASSWORD) { $how += @('/p', $env:CSODS_SIGN_PFX_PASSWORD) }
    } else {
        throw 'Give -CertificateThumbprint or -CertificateFile (or -Unsigned for a test build).'
    }
    Invoke-Checked $signtool @how @programs
    Invoke-Checked $signtool verify /pa /all @programs
}

$archive = "dist\csods-$version-windows-x64.zip"
if (Test-Path $archive) { Remove-Item $archive }
Compress-Archive -Path dist\csods -DestinationPath $archive
$took = [int]((Get-Date) - $started).TotalSeconds
$size = [int]((Get-ChildItem dist\csods -Recurse -File | Measure-Object Length -Sum).Sum / 1MB)
Write-Output "Built dist\csods ($size MiB) in $took s; archive $archive"
