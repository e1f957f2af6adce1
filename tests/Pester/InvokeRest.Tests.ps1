# Invoke-MaRestMethod -Service Obs against the local service's OBS endpoint: signed with the session's keys (or the
# temporary keys and security token of a password session), XML answers as XmlDocument, text as text, headers on
# request, the service's error codes kept, -WhatIf sending nothing.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    Import-Module $env:MODELARTS_TEST_MODULE -Force
    $script:svc = Start-MaLocalService
    Connect-MaLocalSession $svc -TrainingApi V2
    $script:bucket = Join-Path $svc.DataRoot 'obs/rest-bkt'
    $null = New-Item -ItemType Directory $bucket -Force
    function Get-LastSeq { $log = @(Get-MaLocalRequestLog $svc); if ($log) { $log[-1].seq } else { 0 } }
}

AfterAll {
    Disconnect-MaSession
    Stop-MaLocalService $svc
}

Describe 'Invoke-MaRestMethod -Service Obs' {
    It 'puts, reads, lists, heads and deletes an object with a space in its key' {
        Invoke-MaRestMethod -Service Obs -Method PUT -Path '/rest-bkt/notes/a b.txt' -Body 'hello OBS' -ContentType 'text/plain' -Confirm:$false
        Get-Content -Raw (Join-Path $bucket 'notes/a b.txt') | Should -Be 'hello OBS'

        Invoke-MaRestMethod -Service Obs -Path '/rest-bkt/notes/a%20b.txt' | Should -Be 'hello OBS'

        $listing = Invoke-MaRestMethod -Service Obs -Path '/rest-bkt?prefix=notes/'
        $listing | Should -BeOfType [xml]
        @($listing.ListBucketResult.Contents.Key) | Should -Be @('notes/a b.txt')

        $buckets = Invoke-MaRestMethod -Service Obs -Path '/'
        @($buckets.ListAllMyBucketsResult.Buckets.Bucket.Name) | Should -Contain 'rest-bkt'

        $null = Invoke-MaRestMethod -Service Obs -Method HEAD -Path '/rest-bkt/notes/a b.txt' -ResponseHeadersVariable headers
        $headers['Content-Length'] | Should -Be '9'
        $headers['ETag'] | Should -Not -BeNullOrEmpty

        Invoke-MaRestMethod -Service Obs -Method DELETE -Path '/rest-bkt/notes/a b.txt' -Confirm:$false
        Join-Path $bucket 'notes/a b.txt' | Should -Not -Exist
    }

    It 'sends bytes as they are' {
        $bytes = [byte[]](0, 1, 2, 250, 255)
        Invoke-MaRestMethod -Service Obs -Method PUT -Path '/rest-bkt/raw.bin' -Body $bytes -Confirm:$false
        [IO.File]::ReadAllBytes((Join-Path $bucket 'raw.bin')) | Should -Be $bytes
    }

    It 'signs with the temporary keys and security token of a password session' {
        Set-Content -Path (Join-Path $bucket 'token.txt') -Value 'via token' -NoNewline
        $session = Connect-MaLocalSession $svc -Password -TrainingApi V2 -PassThru
        Invoke-MaRestMethod -Service Obs -Path '/rest-bkt/token.txt' -Session $session | Should -Be 'via token'
    }

    It 'keeps the service''s error code, status and request id' {
        $failure = { Invoke-MaRestMethod -Service Obs -Path '/rest-bkt/missing.txt' -ErrorAction Stop } | Should -Throw -PassThru
        $failure.Exception.Message | Should -Match 'NoSuchKey'
        $failure.Exception.Message | Should -Match 'request id'
        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'sends nothing with -WhatIf' {
        $before = Get-LastSeq
        Invoke-MaRestMethod -Service Obs -Method PUT -Path '/rest-bkt/whatif.txt' -Body 'x' -WhatIf
        @(Get-MaLocalRequestLog $svc -Since $before | Where-Object path -Like '/rest-bkt*') | Should -BeNullOrEmpty
        Join-Path $bucket 'whatif.txt' | Should -Not -Exist
    }
}

Describe 'Invoke-MaRestMethod -ResponseHeadersVariable' {
    It 'gives a ModelArts answer''s headers, its request id among them' {
        $null = Invoke-MaRestMethod '/v2/{project_id}/training-job-flavors' -ResponseHeadersVariable headers
        $headers['X-Request-Id'] | Should -Not -BeNullOrEmpty
        $headers['Content-Type'] | Should -Match 'application/json'
    }
}
